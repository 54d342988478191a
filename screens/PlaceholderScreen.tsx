import { Box, Text } from 'ink';
import { tr, type Text as Bilingual } from '../src/core/i18n.js';
import type { ScreenProps } from './types.js';

/** A screen whose content has not landed yet: says which command does the job today. */
export function placeholderScreen(message: Bilingual) {
  return function Placeholder({ width }: ScreenProps) {
    return (
      <Box width={width} paddingX={1}>
        <Text dimColor>{tr(message)}</Text>
      </Box>
    );
  };
}
