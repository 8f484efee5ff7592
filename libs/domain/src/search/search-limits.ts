/**
 * The bounds of the index and of queries: capped so that a hostile 32 KB body cannot blow up the multikey indexes
 * and a query stays a handful of equality lookups. Exposed so that API validation and documentation quote the same
 * numbers as the index.
 */
export const SEARCH_LIMITS = Object.freeze({
  maxTokenLength: 64,
  minPrefixLength: 2,
  maxPrefixLength: 20,
  maxTerms: 2000,
  maxPrefixes: 4000,
  maxQueryLength: 256,
  maxQueryTerms: 16,
});
