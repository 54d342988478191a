/** Why a connection failed, in words a user can act on (EN/FR), with a stable code for --output json. */
import { CloudyaError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';

export type FailureKind = 'auth' | 'expired' | 'endpoint' | 'tls' | 'timeout' | 'malformed' | 'http' | 'missing';

const m = defineMessages({
  en: {
    auth: '{provider}: the credentials were refused by {where} ({detail})',
    authHint: 'check the user/key and the secret (is the environment variable set to the current value?), then run cloudya connect {provider} again',
    expired: '{provider}: the credentials have expired ({detail})',
    expiredHint: 'renew them (new session token, aws sso login, new key or token) and run cloudya connect {provider} again',
    endpoint: '{provider}: cannot reach {where} ({detail})',
    endpointHint: 'check the address and port, DNS and that the service runs; nothing was saved',
    tls: '{provider}: TLS failure with {where}: {detail} (certificate subject: {subject})',
    tlsHint: 'give the CA that signed it with --ca-bundle FILE (recommended), or --insecure to skip the check (warned every time)',
    timeout: '{provider}: {where} did not answer within {seconds} s',
    timeoutHint: 'check a firewall or proxy between here and the endpoint; raise the wait with --timeout SECONDS',
    malformed: '{provider}: {where} gave an answer that is not what its API returns ({detail})',
    malformedHint: 'check that the endpoint is the {provider} API itself and not a proxy or login page',
    http: '{provider}: {where} answered HTTP {detail}',
    httpHint: 'run again with CLOUDYA_DEBUG=1 for details; the endpoint may need a different path or version',
    missing: '{provider}: {detail}',
    missingHint: 'give it as a flag or environment variable (see cloudya connect --help), or run interactively',
    tokenIdShape: 'the token id must look like USER@REALM!TOKENID, got "{value}"',
    cloudNotFound: 'cloud "{cloud}" is not in any clouds.yaml ({files})',
    valueNotSet: '{key} is not set',
    awsNoCreds: 'no AWS credentials for profile "{profile}" ({files}, AWS_ACCESS_KEY_ID); run aws configure or aws sso login',
    gcpNoFile: 'no credentials file: give --key-file, set GOOGLE_APPLICATION_CREDENTIALS or run gcloud auth application-default login ({adc})',
    gcpNotJson: '{file} is not a JSON credentials file ({reason})',
    gcpNoProject: 'no project: give --project',
    azureNeedsTenant: 'a service principal needs --tenant',
  },
  fr: {
    auth: '{provider} : identifiants refusés par {where} ({detail})',
    authHint: "vérifiez l'utilisateur/la clé et le secret (la variable d'environnement contient-elle la valeur actuelle ?), puis relancez cloudya connect {provider}",
    expired: '{provider} : les identifiants ont expiré ({detail})',
    expiredHint: 'renouvelez-les (nouveau jeton de session, aws sso login, nouvelle clé ou nouveau jeton) et relancez cloudya connect {provider}',
    endpoint: '{provider} : impossible de joindre {where} ({detail})',
    endpointHint: "vérifiez l'adresse et le port, le DNS et que le service tourne ; rien n'a été enregistré",
    tls: '{provider} : échec TLS avec {where} : {detail} (sujet du certificat : {subject})',
    tlsHint: "donnez l'autorité qui l'a signé avec --ca-bundle FICHIER (recommandé), ou --insecure pour ne pas vérifier (averti à chaque fois)",
    timeout: '{provider} : {where} n’a pas répondu en {seconds} s',
    timeoutHint: "vérifiez un pare-feu ou un proxy entre ici et le point d'accès ; augmentez l'attente avec --timeout SECONDES",
    malformed: "{provider} : {where} a donné une réponse qui n'est pas celle de son API ({detail})",
    malformedHint: "vérifiez que le point d'accès est bien l'API {provider} et pas un proxy ou une page de connexion",
    http: '{provider} : {where} a répondu HTTP {detail}',
    httpHint: "relancez avec CLOUDYA_DEBUG=1 pour les détails ; le point d'accès demande peut-être un autre chemin ou une autre version",
    missing: '{provider} : {detail}',
    missingHint: "donnez-la en option ou en variable d'environnement (voir cloudya connect --help), ou lancez en interactif",
    tokenIdShape: "l'identifiant du jeton doit avoir la forme UTILISATEUR@REALM!JETON, reçu « {value} »",
    cloudNotFound: "le cloud « {cloud} » n'est dans aucun clouds.yaml ({files})",
    valueNotSet: "{key} n'est pas défini",
    awsNoCreds: 'aucun identifiant AWS pour le profil « {profile} » ({files}, AWS_ACCESS_KEY_ID) ; lancez aws configure ou aws sso login',
    gcpNoFile: "aucun fichier d'identifiants : donnez --key-file, définissez GOOGLE_APPLICATION_CREDENTIALS ou lancez gcloud auth application-default login ({adc})",
    gcpNotJson: "{file} n'est pas un fichier d'identifiants JSON ({reason})",
    gcpNoProject: 'aucun projet : donnez --project',
    azureNeedsTenant: 'un principal de service demande --tenant',
  },
});

/** A failed verification; `kind` says why. */
export class ProviderError extends CloudyaError {
  readonly kind: FailureKind;
  constructor(kind: FailureKind, provider: string, params: { where?: string; detail?: string; subject?: string; seconds?: number }) {
    const p = { provider, where: params.where ?? '?', detail: params.detail ?? '', subject: params.subject ?? '?', seconds: params.seconds ?? 0 };
    super(m(kind, p), { hint: m(`${kind}Hint`, p), code: `connect_${kind}` });
    this.name = 'ProviderError';
    this.kind = kind;
  }
}

type MissingKey = 'tokenIdShape' | 'cloudNotFound' | 'valueNotSet' | 'awsNoCreds' | 'gcpNoFile' | 'gcpNotJson' | 'gcpNoProject' | 'azureNeedsTenant';

/** A "missing or unusable value" error with a bilingual detail. */
export function missing(provider: string, key: MissingKey, params: Record<string, string> = {}): ProviderError {
  return new ProviderError('missing', provider, { detail: m(key, params) });
}

const TLS_CODES = /^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|CERT_|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|ERR_CERT)/;
const NET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EADDRNOTAVAIL']);

/** Finds a Node network/TLS error code anywhere in an error's cause chain (SDKs wrap them). */
export function networkCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, i = 0; e && i < 8; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && (TLS_CODES.test(e.code) || NET_CODES.has(e.code) || e.code === 'ETIMEDOUT')) return e.code;
    // Some SDKs keep only the text of the underlying error.
    const inText = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID)\b/.exec(String((e as { message?: unknown }).message ?? ''));
    if (inText) return inText[1];
    if (/unable to verify the first certificate|self[- ]signed certificate/i.test(String((e as { message?: unknown }).message ?? ''))) return 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
    if (Array.isArray(e.errors)) {
      const inner = e.errors.map(networkCode).find(Boolean);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** True for a certificate/TLS verification code. */
export function isTlsCode(code: string | undefined): boolean {
  return !!code && TLS_CODES.test(code);
}

/** True for "the endpoint cannot be reached" codes. */
export function isNetCode(code: string | undefined): boolean {
  return !!code && NET_CODES.has(code);
}
