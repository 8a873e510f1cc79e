import screeningPromptCss from './screening-prompt.css?inline';

/**
 * The overlay's CSS as text, for the EHR page script's closed shadow root: CSS injection there is
 * manual, so the styles travel inline with the script instead of as a web-accessible file the
 * page could probe.
 */
export const overlayPromptCss: string = screeningPromptCss;
