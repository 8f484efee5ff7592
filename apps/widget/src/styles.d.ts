/** Stylesheets are imported as minified text (build.mjs) and adopted by each shadow root. */
declare module '*.css' {
  const css: string;
  export default css;
}
