/** The Deploy screen's tab row, shared by the wizard and its Apps and Stacks sections. */
import { Text } from 'ink';
import { defineMessages } from '../src/core/i18n.js';

const m = defineMessages({
  en: {
    tabNew: 'New deployment',
    tabHistory: 'Deployments',
    tabApps: 'Apps (a)',
    tabStacks: 'Stacks (s)',
  },
  fr: {
    tabNew: 'Nouveau déploiement',
    tabHistory: 'Déploiements',
    tabApps: 'Applications (a)',
    tabStacks: 'Piles (s)',
  },
});

export type DeployTab = 'new' | 'history' | 'apps' | 'stacks';

const TABS = [
  ['new', 'tabNew'],
  ['history', 'tabHistory'],
  ['apps', 'tabApps'],
  ['stacks', 'tabStacks'],
] as const;

/** The four tabs, the shown one inverse and bold. */
export function DeployTabs({ tab }: { tab: DeployTab }) {
  return (
    <Text>
      {TABS.map(([id, label], i) => (
        <Text key={id}>
          {i ? <Text> </Text> : null}
          <Text inverse={tab === id} bold={tab === id}>{` ${m(label)} `}</Text>
        </Text>
      ))}
    </Text>
  );
}
