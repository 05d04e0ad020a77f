// Field tables for rbac, authentication, authorization, policy, coordination and scheduling v1.
import type { MessageTable } from './schema.ts';

const META = 'metadata:ObjectMeta';

/** rbac.authorization.k8s.io/v1. */
export const RBAC_TABLE: MessageTable = {
  Role: { 1: META, 2: 'rules:[]PolicyRule' },
  ClusterRole: { 1: META, 2: 'rules:[]PolicyRule', 3: 'aggregationRule:AggregationRule' },
  AggregationRule: { 1: 'clusterRoleSelectors:[]LabelSelector' },
  PolicyRule: {
    1: 'verbs:[]string',
    2: 'apiGroups:[]string',
    3: 'resources:[]string',
    4: 'resourceNames:[]string',
    5: 'nonResourceURLs:[]string',
  },
  RoleBinding: { 1: META, 2: 'subjects:[]Subject', 3: 'roleRef:RoleRef' },
  ClusterRoleBinding: { 1: META, 2: 'subjects:[]Subject', 3: 'roleRef:RoleRef' },
  RoleRef: { 1: 'apiGroup:string', 2: 'kind:string', 3: 'name:string' },
  Subject: { 1: 'kind:string', 2: 'apiGroup:string', 3: 'name:string', 4: 'namespace:string' },
};

/** authentication.k8s.io/v1 and authorization.k8s.io/v1 reviews and requests. */
export const AUTH_TABLE: MessageTable = {
  TokenRequest: { 1: META, 2: 'spec:TokenRequestSpec', 3: 'status:TokenRequestStatus' },
  TokenRequestSpec: {
    1: 'audiences:[]string',
    3: 'boundObjectRef:BoundObjectReference',
    4: 'expirationSeconds:int64?',
  },
  BoundObjectReference: {
    1: 'kind:string',
    2: 'apiVersion:string',
    3: 'name:string',
    4: 'uid:string',
  },
  TokenRequestStatus: { 1: 'token:string', 2: 'expirationTimestamp:Time' },
  TokenReview: { 1: META, 2: 'spec:TokenReviewSpec', 3: 'status:TokenReviewStatus' },
  TokenReviewSpec: { 1: 'token:string', 2: 'audiences:[]string' },
  TokenReviewStatus: {
    1: 'authenticated:bool',
    2: 'user:UserInfo',
    3: 'error:string',
    4: 'audiences:[]string',
  },
  UserInfo: {
    1: 'username:string',
    2: 'uid:string',
    3: 'groups:[]string',
    4: 'extra:map<ExtraValue>',
  },
  SelfSubjectReview: { 1: META, 2: 'status:SelfSubjectReviewStatus' },
  SelfSubjectReviewStatus: { 1: 'userInfo:UserInfo' },
  SelfSubjectAccessReview: {
    1: META,
    2: 'spec:SelfSubjectAccessReviewSpec',
    3: 'status:SubjectAccessReviewStatus',
  },
  SelfSubjectAccessReviewSpec: {
    1: 'resourceAttributes:ResourceAttributes',
    2: 'nonResourceAttributes:NonResourceAttributes',
  },
  SubjectAccessReview: {
    1: META,
    2: 'spec:SubjectAccessReviewSpec',
    3: 'status:SubjectAccessReviewStatus',
  },
  LocalSubjectAccessReview: {
    1: META,
    2: 'spec:SubjectAccessReviewSpec',
    3: 'status:SubjectAccessReviewStatus',
  },
  SubjectAccessReviewSpec: {
    1: 'resourceAttributes:ResourceAttributes',
    2: 'nonResourceAttributes:NonResourceAttributes',
    3: 'user:string',
    4: 'groups:[]string',
    5: 'extra:map<ExtraValue>',
    6: 'uid:string',
  },
  ResourceAttributes: {
    1: 'namespace:string',
    2: 'verb:string',
    3: 'group:string',
    4: 'version:string',
    5: 'resource:string',
    6: 'subresource:string',
    7: 'name:string',
    8: 'fieldSelector:FieldSelectorAttributes',
    9: 'labelSelector:LabelSelectorAttributes',
  },
  FieldSelectorAttributes: {
    1: 'rawSelector:string',
    2: 'requirements:[]FieldSelectorRequirement',
  },
  FieldSelectorRequirement: { 1: 'key:string', 2: 'operator:string', 3: 'values:[]string' },
  LabelSelectorAttributes: {
    1: 'rawSelector:string',
    2: 'requirements:[]LabelSelectorRequirement',
  },
  NonResourceAttributes: { 1: 'path:string', 2: 'verb:string' },
  SubjectAccessReviewStatus: {
    1: 'allowed:bool',
    2: 'reason:string',
    3: 'evaluationError:string',
    4: 'denied:bool',
  },
  SelfSubjectRulesReview: {
    1: META,
    2: 'spec:SelfSubjectRulesReviewSpec',
    3: 'status:SubjectRulesReviewStatus',
  },
  SelfSubjectRulesReviewSpec: { 1: 'namespace:string' },
  SubjectRulesReviewStatus: {
    1: 'resourceRules:[]ResourceRule',
    2: 'nonResourceRules:[]NonResourceRule',
    3: 'incomplete:bool',
    4: 'evaluationError:string',
  },
  ResourceRule: {
    1: 'verbs:[]string',
    2: 'apiGroups:[]string',
    3: 'resources:[]string',
    4: 'resourceNames:[]string',
  },
  NonResourceRule: { 1: 'verbs:[]string', 2: 'nonResourceURLs:[]string' },
};

/** policy/v1, coordination.k8s.io/v1 and scheduling.k8s.io/v1. */
export const POLICY_TABLE: MessageTable = {
  Eviction: { 1: META, 2: 'deleteOptions:DeleteOptions' },
  PodDisruptionBudget: {
    1: META,
    2: 'spec:PodDisruptionBudgetSpec',
    3: 'status:PodDisruptionBudgetStatus',
  },
  PodDisruptionBudgetSpec: {
    1: 'minAvailable:IntOrString',
    2: 'selector:LabelSelector',
    3: 'maxUnavailable:IntOrString',
    4: 'unhealthyPodEvictionPolicy:string?',
  },
  PodDisruptionBudgetStatus: {
    1: 'observedGeneration:int64',
    2: 'disruptedPods:map<Time>',
    3: 'disruptionsAllowed:int32?',
    4: 'currentHealthy:int32?',
    5: 'desiredHealthy:int32?',
    6: 'expectedPods:int32?',
    7: 'conditions:[]Condition',
  },
  Lease: { 1: META, 2: 'spec:LeaseSpec' },
  LeaseSpec: {
    1: 'holderIdentity:string?',
    2: 'leaseDurationSeconds:int32?',
    3: 'acquireTime:MicroTime',
    4: 'renewTime:MicroTime',
    5: 'leaseTransitions:int32?',
    6: 'strategy:string?',
    7: 'preferredHolder:string?',
  },
  PriorityClass: {
    1: META,
    2: 'value:int32?',
    3: 'globalDefault:bool',
    4: 'description:string',
    5: 'preemptionPolicy:string?',
  },
};
