// The package's English first-name list: lower-case name → 'male' | 'female' | 'unisex'. Its own types cover only getGender().
declare module 'gender-detection-from-name/names/en.js' {
  const names: Map<string, string>;
  export default names;
}
