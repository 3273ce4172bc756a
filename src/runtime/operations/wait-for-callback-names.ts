/**
 * The names under which a named waitForCallback's unnamed callback and submitter step are shown to
 * plugins (the reference's: "<name>-callback", "<name>-submitter"; never checkpointed). The runtime names
 * them so, and the local service's trace export names the same operations the same way from the history.
 */
export const waitForCallbackPartName = (waitForCallbackName: string, part: "callback" | "submitter"): string => `${waitForCallbackName}-${part}`;
