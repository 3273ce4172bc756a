/** Version of this SDK, sent in the Lambda client's user agent. Kept equal to package.json by a test. */
export const SDK_VERSION = "0.1.0";
