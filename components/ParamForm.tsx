/**
 * A parameter form: one row per field (name, value, then its error in red or its description and
 * default dimmed), secrets shown as dots, and a button row last. Keys are the screen's.
 */
import { Box, Text } from 'ink';
import { defineMessages } from '../src/core/i18n.js';
import { fit, windowOf } from './PickList.js';

const m = defineMessages({
  en: { required: 'required', defaultIs: 'default: {value}', secret: 'secret, never stored' },
  fr: { required: 'requis', defaultIs: 'défaut : {value}', secret: 'secret, jamais enregistré' },
});

export interface FormRow {
  key: string;
  name: string;
  text: string;
  secret?: boolean;
  required?: boolean;
  description?: string;
  /** The default, as text ('' or undefined: none shown). */
  defaultText?: string;
  /** The inline error; 'required' is shown in the user's language. */
  error?: string;
}

export interface ParamFormProps {
  title: string;
  rows: FormRow[];
  /** rows.length selects the button. */
  selected: number;
  button: string;
  width: number;
  height: number;
  /** A problem with the whole form (e.g. the target refused); the values stay. */
  problem?: string;
}

export function ParamForm({ title, rows, selected, button, width, height, problem }: ParamFormProps) {
  const all = [...rows.map((r, i) => ({ r, i })), { r: undefined, i: rows.length }];
  const room = Math.max(1, height - 1 - (problem ? 1 : 0));
  const win = windowOf(all, selected, Math.floor(room / 2));
  const nameWidth = Math.min(24, Math.max(4, ...rows.map((r) => r.name.length)));
  return (
    <Box flexDirection="column">
      <Text bold>{fit(title, width)}</Text>
      {problem ? <Text color="red">{fit(`✗ ${problem}`, width)}</Text> : null}
      {win.items.map(({ r, i }) => {
        const on = i === selected;
        if (!r) return <Text key="button" inverse={on} bold>{`  ${button}`}</Text>;
        const shown = r.secret ? '•'.repeat(r.text.length) : r.text;
        const notes = [r.description ?? '', r.secret ? m('secret') : '', r.required ? m('required') : r.defaultText && !r.secret ? m('defaultIs', { value: r.defaultText }) : ''].filter(Boolean).join(' · ');
        return (
          <Box key={r.key} flexDirection="column">
            <Text>
              <Text inverse={on}>{`${on ? '›' : ' '} ${r.name}`.padEnd(nameWidth + 3)}</Text>
              <Text>{` ${fit(shown, Math.max(4, width - nameWidth - 6))}${on ? '▏' : ''}`}</Text>
            </Text>
            {r.error ? <Text color="red">{fit(`    ✗ ${r.error === 'required' ? m('required') : r.error}`, width)}</Text> : <Text dimColor>{fit(`    ${notes}`, width)}</Text>}
          </Box>
        );
      })}
    </Box>
  );
}
