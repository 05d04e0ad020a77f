// Names of the objects the operator creates for a cluster (derived from the cluster name only).
import { MAX_INSTANCES } from '../../api/schema.ts';

/** Services of a cluster: `headless` gives pods stable DNS; `rw`, `ro`, `r` are for clients. */
export interface ServiceNames {
  /** Governing Service of the StatefulSet: `<pod>.<headless>.<namespace>` resolves each pod. */
  headless: string;
  /** The primary only. */
  rw: string;
  /** Replicas only. */
  ro: string;
  /** Any instance. */
  r: string;
}

/** Names of the four Services of cluster `name`. */
export function serviceNames(name: string): ServiceNames {
  return { headless: `${name}-headless`, rw: `${name}-rw`, ro: `${name}-ro`, r: `${name}-r` };
}

/** Name of the agent's ServiceAccount, Role and RoleBinding. */
export function agentServiceAccountName(name: string): string {
  return `${name}-instance`;
}

/** Name of the StatefulSet (its pods are `<name>-<ordinal>`). */
export function statefulSetName(name: string): string {
  return name;
}

/** Name of the PodDisruptionBudget. */
export function podDisruptionBudgetName(name: string): string {
  return name;
}

/** Name of the pod with `ordinal`. */
export function instancePodName(name: string, ordinal: number): string {
  return `${statefulSetName(name)}-${ordinal}`;
}

/** Every pod name the cluster can ever have (ordinals 0 … MAX_INSTANCES-1). */
export function allInstancePodNames(name: string): string[] {
  return Array.from({ length: MAX_INSTANCES }, (_, i) => instancePodName(name, i));
}

/** Name of the StatefulSet's data volume claim template. */
export const DATA_VOLUME_NAME = 'data';

/** Name of the data PVC of the pod with `ordinal` (`<template>-<pod>`, as the StatefulSet names it). */
export function dataPvcName(name: string, ordinal: number): string {
  return `${DATA_VOLUME_NAME}-${instancePodName(name, ordinal)}`;
}
