import type { ComponentType } from 'react';
import type { Text } from '../src/core/i18n.js';
import type { ChatServices } from './hooks/useChat.js';
import type { DeployFacade } from '../src/services/deployments/facade.js';
import type { AppsFacade } from '../src/services/apps/facade.js';
import type { StacksFacade } from '../src/services/stacks/facade.js';
import type { DiagnoseServices } from './hooks/useDiagnose.js';
import type { MonitorServices } from './hooks/useMonitor.js';

/** Props every screen receives from the shell. */
export interface ScreenProps {
  /** Only the active screen owns the keyboard (ARCHITECTURE.md #4). */
  active: boolean;
  width: number;
  /** Rows available to the screen's content. */
  height: number;
  /** Service factories; tests inject fakes here. */
  services: ShellServices;
}

/**
 * Services the screens use, injectable for tests. Each screen's issue adds its entry
 * (e.g. a chat engine factory); screens fall back to the real service when absent.
 */
export interface ShellServices {
  env?: NodeJS.ProcessEnv;
  /** Monitor screen: interval, --service, recording, and a fake sampler in tests. */
  monitor?: MonitorServices;
  /** Chat screen: engine factory, resumed conversation, verdicts (fakes in tests). */
  chat?: ChatServices;
  /** Deploy screen: templates, deployments and operation streams (a fake in tests). */
  deploy?: DeployFacade;
  /** Deploy screen, Apps section: catalog, installations, install/uninstall streams (src/services/apps/facade.ts). */
  apps?: AppsFacade;
  /** Deploy screen, Stacks section: stack manifests and runs (src/services/stacks/facade.ts). */
  stacks?: StacksFacade;
  /** Diagnose screen: a fake diagnosis runner and assistant engine in tests, an initial target. */
  diagnose?: DiagnoseServices;
  [name: string]: unknown;
}

export interface KeyHint {
  keys: string;
  label: Text;
  /** Listed in the help overlay only: a key of one mode (e.g. chat -e) that the status bar has no room for. */
  helpOnly?: boolean;
}

export type ScreenId = 'chat' | 'monitor' | 'deploy' | 'diagnose';

export interface ScreenDescriptor {
  id: ScreenId;
  title: Text;
  component: ComponentType<ScreenProps>;
  /**
   * The screen fits every line to its width itself, so the shell clips it only vertically: horizontal
   * clipping costs Ink a sliceAnsi of every line of every frame (a live screen redraws each second).
   */
  fitsWidth?: boolean;
  /** Keys shown in the status bar and the help overlay while this screen is active. */
  keys: KeyHint[];
}
