/**
 * The catalogue of configuration keys: type, default, environment variable, description.
 * `configure` validates against it; services read their keys through `Config.get`.
 * Add a key here (one entry) when a service needs a new setting.
 */
import type { Text } from './i18n.js';

export type SettingType = 'string' | 'number' | 'boolean' | 'enum' | 'url' | 'path' | 'list';
export type SettingValue = string | number | boolean | string[];

export interface SettingSpec {
  key: string;
  type: SettingType;
  default?: SettingValue;
  choices?: readonly string[];
  min?: number;
  /** `min` itself is refused (the value must be greater than it). */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  /** Never shown in clear (masked in `configure` output and logs). */
  secret?: boolean;
  /** The value is the NAME of an environment variable (checked as one; a pasted secret is refused unseen). */
  envVarName?: boolean;
  description: Text;
}

const LEVELS = ['careful', 'warning', 'critical'] as const;
const THRESHOLD_DEFAULTS: Record<string, [number, number, number]> = {
  cpu: [50, 70, 90],
  memory: [50, 70, 90],
  swap: [50, 70, 90],
  filesystem: [50, 70, 90],
  load: [0.7, 1.0, 5.0],
};

function thresholdSettings(): SettingSpec[] {
  return Object.entries(THRESHOLD_DEFAULTS).flatMap(([metric, values]) =>
    LEVELS.map((level, i) => ({
      key: `monitor.thresholds.${metric}.${level}`,
      type: 'number' as const,
      default: values[i],
      min: 0,
      // A level at 0 would flag every reading: thresholds must be above zero.
      minExclusive: true,
      max: metric === 'load' ? 1000 : 100,
      description: {
        en: `${level} level for ${metric}${metric === 'load' ? ' (load per core)' : ' (%)'}`,
        fr: `seuil ${level === 'careful' ? 'attention' : level === 'warning' ? 'avertissement' : 'critique'} pour ${metric}${metric === 'load' ? ' (charge par cœur)' : ' (%)'}`,
      },
    })),
  );
}

/** Every known setting, in display order. */
export const SETTINGS: readonly SettingSpec[] = [
  { key: 'terraform_path', type: 'path', default: 'terraform', description: { en: 'Terraform executable', fr: 'Exécutable Terraform' } },
  { key: 'terraform.plugin_dir', type: 'string', default: '', description: { en: 'Provider mirror folder for offline "terraform init -plugin-dir" (empty: download from the registry)', fr: 'Dossier miroir des providers pour « terraform init -plugin-dir » hors ligne (vide : téléchargement depuis le registre)' } },
  { key: 'ansible_path', type: 'path', default: 'ansible-playbook', description: { en: 'ansible-playbook executable', fr: 'Exécutable ansible-playbook' } },
  { key: 'templates_dir', type: 'path', default: '~/.cloudya/templates', description: { en: 'User templates directory', fr: 'Dossier des templates utilisateur' } },
  { key: 'log_level', type: 'enum', default: 'INFO', choices: ['DEBUG', 'INFO', 'WARNING', 'ERROR'], description: { en: 'Log level: DEBUG prints timings, subprocess command lines and stack traces on stderr (as CLOUDYA_DEBUG=1, which wins when set); other levels print none', fr: 'Niveau de journalisation : DEBUG affiche durées, lignes de commande des sous-processus et piles d\'appel sur stderr (comme CLOUDYA_DEBUG=1, prioritaire s\'il est défini) ; les autres niveaux rien de plus' } },
  { key: 'api_url', type: 'url', description: { en: "Cloudya backend API URL (set with 'configure --api-url')", fr: "URL de l'API Cloudya ('configure --api-url')" } },
  { key: 'ai.engine', type: 'enum', default: 'offline', choices: ['offline', 'openai', 'server'], description: { en: 'Assistant engine', fr: "Moteur de l'assistant" } },
  { key: 'ai.base_url', type: 'url', default: 'https://api.openai.com/v1', description: { en: 'OpenAI-compatible API base URL', fr: "URL de base de l'API compatible OpenAI" } },
  { key: 'ai.model', type: 'string', default: 'gpt-4o-mini', description: { en: 'Model name', fr: 'Nom du modèle' } },
  { key: 'ai.api_key_env', type: 'string', default: 'OPENAI_API_KEY', envVarName: true, description: { en: 'Environment variable holding the API key', fr: "Variable d'environnement contenant la clé d'API" } },
  { key: 'ai.timeout_seconds', type: 'number', default: 60, min: 1, max: 3600, description: { en: 'Model request timeout (s)', fr: "Délai d'attente d'une requête au modèle (s)" } },
  { key: 'safety.allow', type: 'list', default: [], description: { en: 'Extra allow rules', fr: "Règles d'autorisation supplémentaires" } },
  { key: 'safety.deny', type: 'list', default: [], description: { en: 'Extra deny rules', fr: "Règles d'interdiction supplémentaires" } },
  { key: 'sandbox.backend', type: 'enum', default: 'auto', choices: ['auto', 'bubblewrap', 'docker', 'podman'], description: { en: 'Sandbox backend', fr: "Moteur d'isolation" } },
  { key: 'sandbox.timeout_seconds', type: 'number', default: 30, min: 1, max: 86400, description: { en: 'Sandbox wall-clock limit (s)', fr: "Durée maximale d'exécution en bac à sable (s)" } },
  { key: 'sandbox.memory_mb', type: 'number', default: 256, min: 16, integer: true, description: { en: 'Sandbox memory limit (MiB)', fr: 'Limite mémoire du bac à sable (Mio)' } },
  { key: 'sandbox.cpu_seconds', type: 'number', default: 60, min: 1, max: 86400, integer: true, description: { en: 'Sandbox CPU time limit per process (s)', fr: 'Limite de temps CPU par processus en bac à sable (s)' } },
  { key: 'sandbox.output_kb', type: 'number', default: 1024, min: 1, max: 1048576, integer: true, description: { en: 'Sandbox output cap, stdout + stderr (KiB)', fr: 'Plafond de sortie du bac à sable, stdout + stderr (Kio)' } },
  { key: 'sandbox.max_processes', type: 'number', default: 256, min: 8, max: 65536, integer: true, description: { en: 'Sandbox process limit, threads included', fr: 'Limite de processus du bac à sable, threads compris' } },
  { key: 'sandbox.max_file_size_mb', type: 'number', default: 1024, min: 1, max: 1048576, integer: true, description: { en: 'Largest file a sandboxed command may write (MiB)', fr: "Plus gros fichier qu'une commande en bac à sable peut écrire (Mio)" } },
  { key: 'sandbox.image', type: 'string', default: 'docker.io/library/alpine:3.20', description: { en: 'Container image for the docker/podman sandbox', fr: 'Image de conteneur du bac à sable docker/podman' } },
  { key: 'monitor.interval_seconds', type: 'number', default: 2, min: 0.1, max: 3600, description: { en: 'Default monitor interval (s)', fr: 'Intervalle de supervision par défaut (s)' } },
  { key: 'monitor.retention_days', type: 'number', default: 30, min: 1, max: 3650, integer: true, description: { en: 'Days of monitor history kept at full resolution', fr: "Jours d'historique conservés en pleine résolution" } },
  ...thresholdSettings(),
  { key: 'diagnose.timeout_seconds', type: 'number', default: 10, min: 1, max: 600, description: { en: 'Per-check timeout (s)', fr: 'Délai maximal par vérification (s)' } },
];

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

/** The spec of a key, or undefined when unknown. */
export function settingSpec(key: string): SettingSpec | undefined {
  return BY_KEY.get(key);
}

/** The environment variable that overrides a key: CLOUDYA_ + key upper-cased, dots to underscores. */
export function envVarFor(key: string): string {
  return `CLOUDYA_${key.toUpperCase().replace(/[.-]/g, '_')}`;
}
