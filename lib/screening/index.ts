/** The screening engine's public surface, for the side panel, the self-screen tab and the background. */
export { instruments, instrumentById, instrumentWording, instrumentWordings, UnknownInstrumentError } from './instruments';
export { promptKeyFor, messageKeysOf, defineInstrument, InstrumentDefinitionError } from './instrument';
export type { Answers, AnswerValue, Instrument, InstrumentItem, SbirtAction } from './instrument';
export { scoreScreening, visibleItems, missingItems, positiveCutoff, InvalidAnswerError, CutoffOverrideError } from './score';
export type { ScreeningResult, CompleteScreening, IncompleteScreening, ScoringContext } from './score';
export { nextInstrument, suggestInstruments, availableInstruments } from './flows';
export type { NextInstrument, SuggestedInstrument } from './flows';
export { screeningDue, screeningPrompt, trend, addMonths, InvalidScreeningDateError } from './due';
export type { ScreeningDue, ScoreTrend, ScoredEntry } from './due';
export { assessDsm5, dsm5Criteria, dsm5Severity, substanceClasses, Dsm5InputError } from './dsm5';
export type { Dsm5Assessment, Remission } from './dsm5';
export { briefInterventionGuide, briefInterventionSteps } from './brief-intervention';
export { screeningMessages, createMessageLookup, screeningCatalogs, MissingMessageError } from './messages';
export type { MessageLookup, ScreeningLocale } from './messages';
