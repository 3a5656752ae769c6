import type { z } from 'zod';
import type { ConfigProblem } from '../../preload/contract';

const TYPE_WORDS: Record<string, string> = {
  string: 'text in quotes',
  number: 'a number',
  boolean: 'true or false',
  object: 'a group of settings in { }',
  array: 'a list in [ ]',
};

const SIZE_UNIT: Record<string, [string, string]> = {
  string: ['character', 'characters'],
  array: ['entry', 'entries'],
  set: ['entry', 'entries'],
};

/** One zod issue as a sentence an IT admin can act on without knowing zod. */
export function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return 'is missing: add it to the settings file';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      // The settings are a union on `mode`: an unknown mode is the one way to miss both forms.
      if (issue.path[issue.path.length - 1] === 'mode') return 'must be "sandbox" or "live"';
      return 'is not in any of the accepted forms: check it against the settings reference in README.md';
    case 'unrecognized_keys': {
      const one = issue.keys.length === 1;
      return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${one ? 'is not a setting' : 'are not settings'} this version knows: check the spelling, or remove ${one ? 'it' : 'them'}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string' && min <= 1) return 'must not be empty';
      const unit = SIZE_UNIT[issue.origin];
      if (unit !== undefined) return `needs at least ${min} ${min === 1 ? unit[0] : unit[1]}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const unit = SIZE_UNIT[issue.origin];
      if (unit !== undefined) return `can have at most ${max} ${max === 1 ? unit[0] : unit[1]}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_format':
      if (!issue.message.startsWith('Invalid')) return issue.message;
      return issue.format === 'url' ? 'must be a web address, for example https://…' : 'is not in the expected format: check it against the settings reference in README.md';
    case 'not_multiple_of':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      // Our own schema messages are already written for people; zod's defaults start "Invalid".
      return issue.message.startsWith('Invalid') ? 'is not valid: check it against the settings reference in README.md' : issue.message;
  }
}

/** Turns every zod issue into one named field and what is expected, for the configuration screen. */
export function problemsFrom(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(whole file)',
    message: plainMessage(issue),
  }));
}
