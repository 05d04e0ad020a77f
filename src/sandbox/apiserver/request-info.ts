// Parses an API path into what it names (upstream's RequestInfoFactory, for the paths we serve).

export interface ResourceRequest {
  group: string;
  version: string;
  namespace: string | undefined;
  resource: string;
  name: string | undefined;
  subresource: string | undefined;
}

/** Splits `/api/v1/namespaces/ns/pods/name/status` and `/apis/g/v/...` into their parts. */
export function parseResourcePath(pathname: string): ResourceRequest | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    rest = parts.slice(2);
  } else {
    return undefined;
  }
  const version = rest[0] ?? '';
  let tail = rest.slice(1);
  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}...` is a namespaced request; `namespaces/{ns}` alone is the namespace itself.
  const namespaceSub =
    tail[0] === 'namespaces' &&
    tail.length === 3 &&
    (tail[2] === 'status' || tail[2] === 'finalize');
  if (tail[0] === 'namespaces' && tail.length >= 3 && !namespaceSub) {
    namespace = tail[1];
    tail = tail.slice(2);
  }
  const [resource, name, subresource, ...extra] = tail;
  if (!resource || extra.length > 0) return undefined;
  return { group, version, namespace, resource, name, subresource };
}
