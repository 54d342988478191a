/** The Deploy screen's Apps and Stacks sections under the screen's tab row (DeployWizard.tsx keeps the wizard and history). */
import { Box } from 'ink';
import { DeployTabs } from '../components/DeployTabs.js';
import { AppInstall } from './AppInstall.js';
import { StackPanel } from './StackPanel.js';
import type { ScreenProps } from './types.js';

/** Which section is shown; `deployment` starts Stacks on a deployment the wizard just applied. */
export type SectionView = { kind: 'apps' } | { kind: 'stacks'; deployment?: string };

export function DeploySection({ view, onLeave, ...props }: ScreenProps & { view: SectionView; onLeave(): void }) {
  const inner = { ...props, height: Math.max(1, props.height - 1), width: props.width - 2 };
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" paddingX={1}>
      <DeployTabs tab={view.kind} />
      {view.kind === 'apps' ? <AppInstall {...inner} onLeave={onLeave} /> : <StackPanel key={view.deployment ?? ''} {...inner} deployment={view.deployment} onLeave={onLeave} />}
    </Box>
  );
}
