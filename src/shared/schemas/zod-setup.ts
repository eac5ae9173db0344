import { z } from 'zod';

/**
 * Every zod issue's message becomes a key of the catalogs' `rules` section, so that the
 * server (and the web forms) can say, in the user's language, which rule a field broke.
 * A schema that names its own rule (`{ error: 'citizen_id' }`) takes precedence.
 */
z.config({
  customError: (issue) => {
    const origin = 'origin' in issue ? issue.origin : undefined;
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return 'required';
        return issue.expected === 'int' ? 'integer' : 'invalid_type';
      case 'too_small':
        if (origin === 'string') return 'too_short';
        return origin === 'array' || origin === 'set' ? 'too_few' : 'too_small';
      case 'too_big':
        if (origin === 'string') return 'too_long';
        return origin === 'array' || origin === 'set' ? 'too_many' : 'too_big';
      case 'invalid_value':
        return 'one_of';
      case 'unrecognized_keys':
        return 'unknown_field';
      case 'invalid_union':
        return 'invalid_type';
      default:
        return 'invalid_format';
    }
  },
});
