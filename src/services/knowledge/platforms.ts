/**
 * The product names that bring a platform up in a question: "deploy a container to cloud run" is about GCP, "route53 alias
 * record" about AWS, though no single word of either marks the platform in the base (cloud, run, dns are everywhere,
 * and synonyms turn route53 into dns). Matched on the folded question (text.ts fold), whole words only.
 *
 * Used by search.ts to tell an answer for one platform to a question that names it (sure) from one to a question that
 * never brings that platform up (a best guess).
 */

const words = (names: string[]) => new RegExp(String.raw`(?:^|[^a-z0-9])(?:${names.join('|')})(?![a-z0-9])`);

/** By knowledge domain (an entry's `domain`). */
export const PLATFORM_NAMES: Record<string, RegExp> = {
  aws: words([
    'aws',
    'amazon',
    'ec2',
    'eks',
    'ecs',
    'ecr',
    'fargate',
    's3',
    'rds',
    'aurora',
    'iam',
    'route ?53',
    'lambdas?',
    'cloudfront',
    'cloudwatch',
    'cloudtrail',
    'cloudformation',
    'sqs',
    'sns',
    'eventbridge',
    'dynamodb',
    'alb',
    'elb',
    'nlb',
    'ebs',
    'efs',
    'acm',
    'kms',
    'ssm',
    'session manager',
    'secrets manager',
    'parameter store',
    'codebuild',
    'codepipeline',
    'codedeploy',
    'savings plans?',
    'reserved instances?',
    'beanstalk',
    'guardduty',
    'elasticache',
    'ami',
    'irsa',
    'assume-?role',
  ]),
  gcp: words([
    'gcp',
    'gcloud',
    'google cloud',
    'gke',
    'cloud run',
    'cloud sql',
    'compute engine',
    'artifact registry',
    'gcs',
    'gsutil',
    'bigquery',
    'pub ?sub',
    'cloud functions?',
    'cloud build',
    'iap',
    'secret manager',
    'workload identity',
  ]),
  azure: words(['azure', 'az', 'aks', 'key ?vault', 'app service', 'entra', 'bicep', 'nsg', 'vnet', 'blob storage', 'cosmos ?db', 'managed identity']),
  kubernetes: words([
    'kubernetes',
    'k8s',
    'k3s',
    'kubectl',
    'kubeadm',
    'kubeconfig',
    'kubelet',
    'pods?',
    'helm',
    'daemonsets?',
    'statefulsets?',
    'replicasets?',
    'ingress',
    'crds?',
    'custom resources?',
    'configmaps?',
    'pvcs?',
    'hpa',
    'kustomize',
    'argo ?cd',
    'external-dns',
    'cert-manager',
  ]),
};

/** Whether the folded question names a product of the platform `domain` (false for a domain that is no platform). */
export function namesPlatform(domain: string, folded: string): boolean {
  return PLATFORM_NAMES[domain]?.test(folded) ?? false;
}
