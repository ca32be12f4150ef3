/**
 * The traffic generator: deterministic captures of realistic flows (TCP handshakes and
 * transfers, HTTP, DNS, UDP of many sizes, pings, ARP, IPv4 and IPv6, fragments), built with
 * native-bridge/craft into one reused buffer. `TrafficGenerator` is runtime-free; `writeCapture`
 * writes pcap or pcapng. Recipes (recipe.ts, recipes.ts) are the fixed captures (the bundled
 * sample, the benchmark captures) built the same way; `writeRecipe` writes them.
 */
export { prng, Random } from './random.js';
export { TrafficGenerator, type GenerateOptions, type GeneratedFrame } from './generator.js';
export { PROFILES, PROFILE_NAMES, type Profile, type ProfileName } from './profiles.js';
export { writeCapture, writeRecipe, type GenerateSummary, type RecipeSummary } from './write.js';
export {
  Timeline,
  sizedRecipe,
  type Recipe,
  type RecipeFile,
  type RecipeFrame,
  type RecipeInterface,
  type SizedRecipeOptions,
} from './recipe.js';
export { RECIPES, sampleRecipe, smallMixedRecipe, largeFramesRecipe, smallUdpRecipe } from './recipes.js';
export { GenerateError } from './errors.js';
