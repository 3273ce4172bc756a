/** A page of the UI: its element and how it refreshes (the router polls `refresh` while it is shown). */
export interface Page {
  readonly title: string;
  readonly element: HTMLElement;
  /** Reloads the page's data and updates the element in place (keeping what the user typed). */
  refresh(): Promise<void>;
  /**
   * Shows a failed refresh. Returns "stop" when refreshing again cannot help (the execution does not
   * exist on the server), so the router stops polling; "retry" otherwise.
   */
  showError(error: unknown): "retry" | "stop";
}
