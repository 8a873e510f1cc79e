import screeningPromptCss from './ScreeningPrompt.css?inline';

/**
 * The overlay's CSS as text, for `createShadowRootUi({ css })` in the content script: the shadow
 * root is closed and CSS injection is manual, so the styles travel inline with the script instead
 * of as a web-accessible file the page could probe.
 */
export const overlayPromptCss: string = screeningPromptCss;
