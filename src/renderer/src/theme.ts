/**
 * The design system: a muted teal primary on warm-neutral greys, soft contrast for long days,
 * generous spacing and a Korean-first system font stack (nothing loaded from the network).
 */
import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** Muted teal: calm, not clinical; shade 7 passes WCAG AA on white for text and buttons. */
const sage: MantineColorsTuple = [
  '#eef6f5',
  '#dceae8',
  '#b7d4d0',
  '#8fbdb7',
  '#6ea9a2',
  '#589c94',
  '#4a8d85',
  '#3b7770',
  '#2f6862',
  '#1e5953',
];

/** Warm-neutral greys (a touch of green-grey rather than blue), used for surfaces and text. */
const stone: MantineColorsTuple = [
  '#f6f7f6',
  '#eceeed',
  '#dcdfdd',
  '#c5cac7',
  '#a3aaa6',
  '#858d89',
  '#69716d',
  '#4f5652',
  '#373d3a',
  '#232826',
];

/** A muted brick red: errors stay clear without shouting at someone at the end of a long day. */
const red: MantineColorsTuple = [
  '#fbf1f0',
  '#f3dfdd',
  '#e6bcb8',
  '#d9978f',
  '#cd776e',
  '#c5635a',
  '#b5544b',
  '#9c463e',
  '#863c35',
  '#6f302a',
];

const FONT_STACK =
  '"Pretendard", "Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", system-ui, -apple-system, "Segoe UI", sans-serif';

export const theme = createTheme({
  primaryColor: 'sage',
  primaryShade: 7,
  colors: { sage, stone, gray: stone, red },
  white: '#ffffff',
  black: '#232826',
  fontFamily: FONT_STACK,
  fontFamilyMonospace:
    '"JetBrains Mono", "D2Coding", "Noto Sans Mono CJK KR", ui-monospace, monospace',
  headings: {
    fontFamily: FONT_STACK,
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.625rem', lineHeight: '1.35' },
      h2: { fontSize: '1.25rem', lineHeight: '1.4' },
      h3: { fontSize: '1.0625rem', lineHeight: '1.45' },
    },
  },
  lineHeights: { md: '1.6' },
  defaultRadius: 'md',
  radius: { sm: '6px', md: '10px', lg: '14px' },
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Button: { defaultProps: { fw: 550 } },
    Badge: { defaultProps: { variant: 'light', radius: 'sm', tt: 'none', fw: 600, size: 'md' } },
    InputWrapper: {
      styles: {
        label: { marginBottom: 2 },
        description: { fontSize: 13, marginBottom: 6, lineHeight: 1.45 },
        error: { fontSize: 13, marginTop: 6 },
      },
    },
    Paper: { defaultProps: { withBorder: true, radius: 'lg' } },
    Tooltip: { defaultProps: { openDelay: 400, withArrow: true } },
  },
});
