/**
 * The engine's side of notice templates: the parser lives in src/shared/notice-template.ts (the
 * Settings panel previews with it); here its problems are worded in English for API errors.
 */
import { templateProblems, type TemplateProblem } from '../../shared/notice-template';

export {
  fillText,
  renderTemplate,
  templateProblems,
  type TemplateProblem,
  type TemplateValues,
} from '../../shared/notice-template';

export function problemText(p: TemplateProblem): string {
  switch (p.code) {
    case 'unknown-placeholder':
      return `Line ${p.line}: {{${p.name}}} is not a known placeholder.`;
    case 'block-not-alone':
      return `Line ${p.line}: {{${p.name}}} must stand alone on its line.`;
    case 'missing-items':
      return 'The template must contain {{items}} (the list of URLs).';
    case 'items-twice':
      return '{{items}} may appear only once.';
  }
}

/** What is wrong with a template, in English sentences (empty when fine). */
export function checkTemplate(body: string): string[] {
  return templateProblems(body).map(problemText);
}
