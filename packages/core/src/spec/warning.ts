/** Something the call did not do as asked, without failing. */
export type Warning =
  | {
      /** A request field the model ignores; it was dropped before the call. */
      type: 'unsupported';
      field: string;
      details?: string;
    }
  | {
      /** A request value the model cannot take as given was changed to the nearest one it can. */
      type: 'adjusted';
      field: string;
      /** What was asked. */
      from: number | string;
      /** What was sent instead. */
      to: number | string;
      details?: string;
    }
  | {
      /** Something else worth knowing (truncated prompt, fallback used, unknown words…). */
      type: 'other';
      message: string;
      /** Who said it: the provider id or the middleware name. */
      source?: string;
    };
