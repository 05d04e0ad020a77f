// Names, image and ports of the operator's own installation (deploy/install.yaml).
import pkg from '../../../package.json' with { type: 'json' };

/** The Steward release, from package.json (the operator image's tag). */
export const STEWARD_VERSION: string = pkg.version;
/** The operator image the install manifest runs. */
export const OPERATOR_IMAGE = `steward/operator:${STEWARD_VERSION}`;
/** Namespace of the operator. */
export const OPERATOR_NAMESPACE = 'steward-system';
/** Name of the operator's Deployment, ServiceAccount, ClusterRole and bindings. */
export const OPERATOR_NAME = 'steward-operator';
/** Name of the namespaced Role (and binding) of the operator's leader election. */
export const OPERATOR_ELECTION_ROLE = 'steward-operator-leader-election';
/** Arguments after the image's entrypoint (`steward`). */
export const OPERATOR_ARGS = ['operator', 'run'];
/** The operator's listening ports: Prometheus metrics and the health probes. */
export const OPERATOR_PORTS = { metrics: 8080, health: 8081 } as const;
/** Paths of the health server. */
export const OPERATOR_ROUTES = { healthz: '/healthz', readyz: '/readyz' } as const;
/** UID/GID of the operator image's non-root user (`node` in node:24-slim). */
export const OPERATOR_UID = 1000;
/** Where the generated install manifest is committed, relative to the repository root. */
export const INSTALL_MANIFEST_PATH = 'deploy/install.yaml';

/** Labels of every installed object; `selector` picks the operator's pods. */
export const OPERATOR_LABELS = {
  selector: { 'app.kubernetes.io/name': OPERATOR_NAME },
  common: {
    'app.kubernetes.io/name': OPERATOR_NAME,
    'app.kubernetes.io/part-of': 'steward',
    'app.kubernetes.io/version': STEWARD_VERSION,
  },
} as const;
