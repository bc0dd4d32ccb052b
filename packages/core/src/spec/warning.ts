/** Something the call did not do as asked, without failing. */
export type Warning =
  | {
      /** A request field the model ignores; it was dropped before the call. */
      type: 'unsupported';
      field: string;
      details?: string;
    }
  | {
      /** Something else worth knowing (truncated prompt, fallback used, unknown words…). */
      type: 'other';
      message: string;
      /** Who said it: the provider id or the middleware name. */
      source?: string;
    };
