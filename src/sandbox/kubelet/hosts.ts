// Pure rendering of a pod's /etc/hosts: upstream's kubelet-managed header, the pod's own entry
// and the cluster's DNS entries (ConfigMap kube-system/sandbox-dns, key `hosts`).

const HEADER = [
  '# Kubernetes-managed hosts file.',
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

/** What the hosts file says about the pod itself. */
export interface HostsPod {
  name: string;
  namespace: string;
  ip: string;
  hostname?: string | undefined;
  subdomain?: string | undefined;
}

/** The pod's own line: `<ip> <host>.<subdomain>.<ns>.svc.<domain> <host>` or `<ip> <name>`. */
export function podHostsLine(p: HostsPod, clusterDomain: string): string {
  const host = p.hostname || p.name;
  if (p.subdomain)
    return `${p.ip}\t${host}.${p.subdomain}.${p.namespace}.svc.${clusterDomain}\t${host}`;
  return `${p.ip}\t${host}`;
}

/** The whole hosts file. */
export function renderHosts(p: HostsPod, clusterDomain: string, dnsHosts: string): string {
  const dns = dnsHosts
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const lines = [...HEADER, podHostsLine(p, clusterDomain)];
  if (dns.length > 0) lines.push('# Cluster DNS (kube-system/sandbox-dns).', ...dns);
  return `${lines.join('\n')}\n`;
}
