// Types for the parts of text-readability (a JavaScript port of textstat, no types shipped) that
// the handout's reading-level test uses.
declare module 'text-readability' {
  interface Readability {
    fleschKincaidGrade(text: string): number;
    fleschReadingEase(text: string): number;
    smogIndex(text: string): number;
  }
  const readability: Readability;
  export default readability;
}
