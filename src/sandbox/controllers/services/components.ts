// The service components in start order: the `kubernetes` Service, root CA publisher, Endpoints and
// EndpointSlice controllers, the cluster DNS ConfigMap, and the service proxy.
import type { ComponentFactory } from '../../cluster/context.ts';
import { startServiceProxy } from '../../proxy/service-proxy.ts';
import { startDnsController } from './dns-controller.ts';
import { startEndpointsController } from './endpoints-controller.ts';
import { startEndpointSliceController } from './endpointslice-controller.ts';
import { startKubernetesService } from './kubernetes-service.ts';
import { startRootCaPublisher } from './root-ca-publisher.ts';

/** Entries for CLUSTER_COMPONENTS. */
export const SERVICE_COMPONENTS: { name: string; create: ComponentFactory }[] = [
  { name: 'kubernetes-service', create: startKubernetesService },
  { name: 'root-ca-cert-publisher', create: startRootCaPublisher },
  { name: 'endpoint-controller', create: startEndpointsController },
  { name: 'endpointslice-controller', create: startEndpointSliceController },
  { name: 'sandbox-dns', create: startDnsController },
  { name: 'service-proxy', create: startServiceProxy },
];
