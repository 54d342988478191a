import { Box, Text, useApp } from 'ink';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { StatusBar } from '../components/StatusBar.js';
import { TabBar } from '../components/TabBar.js';
import { defineMessages, getLang, tr } from '../src/core/i18n.js';
import { useLatestInput } from '../components/useLatestInput.js';
import { useTerminalSize, type TerminalSize } from './hooks/useTerminalSize.js';
import { SCREENS } from './registry.js';
import { ShellContext, type ShellApi } from './ShellContext.js';
import type { ScreenId, ShellServices } from './types.js';

const m = defineMessages({
  en: {
    switch: 'switch',
    help: 'help',
    quit: 'quit',
    helpTitle: 'Cloudya - keys',
    global: 'Everywhere',
    thisScreen: 'This screen',
    nextScreen: 'next screen',
    prevScreen: 'previous screen',
    goto: 'go to screen 1-4',
    toggleHelp: 'show or hide this help',
    quitLong: 'cancel what runs, then quit (an apply stops only with Ctrl+C)',
    close: 'Press ? or Esc to close.',
    loading: 'loading...',
    colon: ':',
    guardedQuit: 'An operation is running: press Ctrl+C to stop it cleanly, then q to quit.',
  },
  fr: {
    switch: 'changer',
    help: 'aide',
    quit: 'quitter',
    helpTitle: 'Cloudya - touches',
    global: 'Partout',
    thisScreen: 'Cet écran',
    nextScreen: 'écran suivant',
    prevScreen: 'écran précédent',
    goto: "aller à l'écran 1-4",
    toggleHelp: 'afficher ou masquer cette aide',
    quitLong: 'annuler ce qui tourne, puis quitter (un apply ne s’arrête qu’avec Ctrl+C)',
    close: '? ou Échap pour fermer.',
    loading: 'chargement...',
    colon: ' :',
    guardedQuit: 'Une opération est en cours : Ctrl+C l’arrête proprement, puis q pour quitter.',
  },
});

/** Key names as printed on the user's keyboard: French keyboards say Entrée and Échap. */
function keyNames(keys: string): string {
  return getLang() === 'fr' ? keys.replace(/\bEnter\b/g, 'Entrée').replace(/\bEsc\b/g, 'Échap') : keys;
}

export interface AppProps {
  initialScreen?: ScreenId;
  services?: ShellServices;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
  onExit?: () => void;
  /** Aborted by a signal (SIGINT, SIGTERM, SIGHUP): every screen's running work is cancelled, then the shell quits. */
  signal?: AbortSignal;
  /** Ctrl+Z: the shell gives the terminal back and stops until `fg` (shell.tsx). */
  onSuspend?: () => void;
}

/** The full-screen shell: tab bar, the active screen, status bar; owns the global keys. */
export function App({ initialScreen = 'chat', services = {}, size, onExit, signal, onSuspend }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize(size);
  const [index, setIndexState] = useState(() => Math.max(0, SCREENS.findIndex((s) => s.id === initialScreen)));
  const [showHelp, setShowHelpState] = useState(false);
  // Key handlers read refs: on a busy machine keys can arrive before Ink re-subscribes the
  // handler of the latest render, and a stale closure would act on the previous screen.
  const indexRef = useRef(index);
  const showHelpRef = useRef(false);
  // Screens stay mounted once opened (hidden when not shown): leaving a screen or opening the help
  // must not throw away a conversation, a diagnosis or a streaming answer.
  const [opened, setOpened] = useState<ReadonlySet<ScreenId>>(() => new Set([SCREENS[index].id]));
  const setIndex = (update: (i: number) => number) => {
    indexRef.current = update(indexRef.current);
    setIndexState(indexRef.current);
    const id = SCREENS[indexRef.current].id;
    setOpened((o) => (o.has(id) ? o : new Set([...o, id])));
  };
  const setShowHelp = (value: boolean) => {
    showHelpRef.current = value;
    setShowHelpState(value);
  };
  const capturing = useRef(new Map<string, boolean>());
  const cancelHandlers = useRef(new Map<string, () => boolean>());
  const guarded = useRef(new Set<string>());
  const [notice, setNotice] = useState<string | undefined>();
  const noticeTimer = useRef<NodeJS.Timeout | undefined>(undefined);
  const [, forceRender] = useState(0);
  useEffect(() => () => clearTimeout(noticeTimer.current), []);

  const api = useMemo<ShellApi>(
    () => ({
      setCapturingText(screen, value) {
        if (capturing.current.get(screen) !== value) {
          capturing.current.set(screen, value);
          forceRender((n) => n + 1);
        }
      },
      setCancelHandler(screen, handler, isGuarded) {
        if (handler) cancelHandlers.current.set(screen, handler);
        else cancelHandlers.current.delete(screen);
        if (handler && isGuarded) guarded.current.add(screen);
        else guarded.current.delete(screen);
      },
    }),
    [],
  );

  const active = SCREENS[index];
  const quit = useCallback(() => {
    onExit?.();
    exit();
  }, [exit, onExit]);

  /** Cancels what runs (the shown screen first, then the others, which stay mounted); true if something was. */
  const cancelRunning = () => {
    const shown = SCREENS[indexRef.current].id;
    // A screen's parts register as "screen/part" (the Deploy screen's connect form): theirs come first too.
    const mine = (id: string) => id === shown || id.startsWith(`${shown}/`);
    const ids = [...cancelHandlers.current.keys()];
    for (const id of [...ids.filter(mine), ...ids.filter((id) => !mine(id))]) {
      const cancel = cancelHandlers.current.get(id);
      if (cancel && cancel()) return true;
    }
    return false;
  };

  // A signal is not a key: nobody is there to press Ctrl+C twice, so everything running is cancelled at once.
  const quitRef = useRef(quit);
  quitRef.current = quit;
  useEffect(() => {
    if (!signal) return;
    const onAbort = () => {
      for (const cancel of cancelHandlers.current.values()) cancel();
      quitRef.current();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }, [signal]);

  useLatestInput((input, key) => {
    const active = SCREENS[indexRef.current];
    if (key.ctrl && input === 'z') {
      onSuspend?.();
      return;
    }
    if (key.ctrl && input === 'c') {
      // Quitting in the middle of an apply would leave the deployment half done and marked as running.
      if (!cancelRunning()) quit();
      return;
    }
    if (key.tab && key.shift) {
      setIndex((i) => (i + SCREENS.length - 1) % SCREENS.length);
      return;
    }
    if (key.tab) {
      setIndex((i) => (i + 1) % SCREENS.length);
      return;
    }
    if (showHelpRef.current && (key.escape || input === '?')) {
      setShowHelp(false);
      return;
    }
    if ([...capturing.current].some(([id, on]) => on && (id === active.id || id.startsWith(`${active.id}/`)))) return;
    // Keys that arrive together come as one chunk: "44" (a key pressed twice quickly) is still 4.
    const key1 = /^(.)\1*$/su.exec(input)?.[1] ?? input;
    if (key1 === '?') setShowHelp(true);
    else if (key1 === 'q') {
      if (guarded.current.size) {
        // Say why q does nothing rather than stop an apply on a stray key.
        setNotice(m('guardedQuit'));
        clearTimeout(noticeTimer.current);
        noticeTimer.current = setTimeout(() => setNotice(undefined), 5000);
      } else if (!cancelRunning()) quit();
    }
    else if (/^[1-9]$/.test(key1) && Number(key1) <= SCREENS.length) setIndex(() => Number(key1) - 1);
  });

  const contentHeight = Math.max(1, rows - 2);
  const globalKeys = [
    { keys: 'Tab/S-Tab', label: m('switch') },
    { keys: '?', label: m('help') },
    { keys: 'q', label: m('quit') },
  ];
  const screenKeys = active.keys.map((k) => ({ keys: keyNames(k.keys), label: tr(k.label) }));

  return (
    <ShellContext.Provider value={api}>
      <Box flexDirection="column" width={columns} height={rows}>
        <TabBar tabs={SCREENS.map((s) => tr(s.title))} activeIndex={index} width={columns} />
        <Box height={contentHeight} width={columns} overflowY="hidden" overflowX={active.fitsWidth && !showHelp ? 'visible' : 'hidden'}>
          {SCREENS.filter((s) => opened.has(s.id)).map((s) => {
            const shown = !showHelp && s.id === active.id;
            const Screen = s.component;
            return (
              <Box key={s.id} display={shown ? 'flex' : 'none'}>
                <Suspense fallback={<Text dimColor>{` ${m('loading')}`}</Text>}>
                  <Screen active={shown} width={columns} height={contentHeight} services={services} />
                </Suspense>
              </Box>
            );
          })}
          {showHelp ? (
            <HelpOverlay
              title={m('helpTitle')}
              width={columns}
              height={contentHeight}
              footer={m('close')}
              sections={[
                {
                  heading: m('global'),
                  keys: [
                    { keys: 'Tab', label: m('nextScreen') },
                    { keys: 'Shift+Tab', label: m('prevScreen') },
                    { keys: '1-4', label: m('goto') },
                    { keys: '?', label: m('toggleHelp') },
                    { keys: 'q / Ctrl+C', label: m('quitLong') },
                  ],
                },
                { heading: `${m('thisScreen')}${m('colon')} ${tr(active.title)}`, keys: screenKeys },
              ]}
            />
          ) : null}
        </Box>
        {notice ? (
          <Text color="yellow" wrap="truncate-end">
            {` ${notice}`}
          </Text>
        ) : (
          <StatusBar screen={tr(active.title)} hints={active.keys.filter((k) => !k.helpOnly).map((k) => ({ keys: keyNames(k.keys), label: tr(k.label) }))} always={globalKeys} width={columns} />
        )}
      </Box>
    </ShellContext.Provider>
  );
}
