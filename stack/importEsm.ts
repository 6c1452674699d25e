/**
 * Loads an ES-module-only package from this CommonJS code base. Written through `Function` so that neither tsc nor
 * swc turns the dynamic import into a require() call.
 */
export const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;
