// Registers an ESM resolve hook for the conformance tests.
//
// @laserfiche/lf-api-client-core (a dependency of the official repository client) ships ES modules whose
// relative imports lack the ".js" extension (e.g. `import { ApiException } from './ApiException'`), which
// Node's ESM loader rejects. The hook below retries a failed relative import with ".js" appended.
//
// Usage: node --import ./hook.mjs --test ...
import { register } from 'node:module';

const hookSource = `
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (relative && !specifier.endsWith('.js') && error && error.code === 'ERR_MODULE_NOT_FOUND') {
      return nextResolve(specifier + '.js', context);
    }
    throw error;
  }
}
`;

register('data:text/javascript,' + encodeURIComponent(hookSource));
