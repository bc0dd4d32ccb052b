/** Number words the parser reads as counts. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  single: 1,
  lone: 1,
  pair: 2,
  couple: 2,
  dozen: 12,
};

/** Colour words (checked by colour, not as free attributes). */
export const COLOURS = new Set([
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'violet',
  'pink',
  'brown',
  'black',
  'white',
  'grey',
  'gray',
]);

/** Words that carry no checkable content. */
export const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'some',
  'of',
  'its',
  'their',
  'his',
  'her',
  'very',
  'is',
  'are',
  'there',
]);

/** Framing nouns: "a portrait of X", "a photo of X" → X. */
export const FRAME_NOUNS = new Set([
  'portrait',
  'photo',
  'photograph',
  'picture',
  'painting',
  'drawing',
  'image',
  'illustration',
  'sketch',
  'render',
  'closeup',
  'close-up',
  'emoji',
  'icon',
  'cartoon',
  'shot',
  'view',
  'scene',
]);

/** Nouns that mean people (they add anatomy checks). */
export const PEOPLE = new Set([
  'person',
  'man',
  'woman',
  'girl',
  'boy',
  'child',
  'kid',
  'baby',
  'lady',
  'gentleman',
  'guy',
  'chef',
  'doctor',
  'astronaut',
  'farmer',
  'teacher',
  'student',
  'dancer',
  'king',
  'queen',
  'princess',
  'prince',
  'worker',
  'people',
  'mother',
  'father',
  'grandmother',
  'grandfather',
  'family',
  'couple',
  'soldier',
  'player',
  'athlete',
  'firefighter',
]);

/** Nouns that are not things to find in the picture (backgrounds, styles). */
export const SCENE_WORDS = new Set([
  'background',
  'style',
  'backdrop',
  'lighting',
  'light',
  'colors',
  'colours',
]);

/** Spatial relations, longest phrase first, with their canonical predicate. */
export const RELATIONS: ReadonlyArray<readonly [string[], string]> = [
  [['on', 'top', 'of'], 'on'],
  [['to', 'the', 'left', 'of'], 'left of'],
  [['to', 'the', 'right', 'of'], 'right of'],
  [['in', 'front', 'of'], 'in front of'],
  [['next', 'to'], 'next to'],
  [['left', 'of'], 'left of'],
  [['right', 'of'], 'right of'],
  [['on'], 'on'],
  [['under'], 'below'],
  [['beneath'], 'below'],
  [['below'], 'below'],
  [['above'], 'above'],
  [['over'], 'above'],
  [['beside'], 'next to'],
  [['behind'], 'behind'],
  [['inside'], 'in'],
  [['in'], 'in'],
  [['near'], 'next to'],
  [['at'], 'at'],
  [['during'], 'at'],
];

/** Irregular plurals → singular. */
export const IRREGULAR: Readonly<Record<string, string>> = {
  people: 'person',
  men: 'man',
  women: 'woman',
  children: 'child',
  mice: 'mouse',
  geese: 'goose',
  teeth: 'tooth',
  feet: 'foot',
  knives: 'knife',
  leaves: 'leaf',
  wolves: 'wolf',
  loaves: 'loaf',
  sheep: 'sheep',
  fish: 'fish',
  deer: 'deer',
  glasses: 'glass',
  buses: 'bus',
  dishes: 'dish',
  boxes: 'box',
  foxes: 'fox',
  benches: 'bench',
  sandwiches: 'sandwich',
  peaches: 'peach',
  watches: 'watch',
  couches: 'couch',
  skis: 'skis',
  scissors: 'scissors',
  octopuses: 'octopus',
  cactuses: 'cactus',
  cacti: 'cactus',
  tomatoes: 'tomato',
  potatoes: 'potato',
  mangoes: 'mango',
};

/** Words ending in "s" that are singular. */
const SINGULAR_S = new Set([
  'bus',
  'glass',
  'grass',
  'dress',
  'octopus',
  'cactus',
  'skis',
  'scissors',
  'walrus',
  'class',
  'compass',
  'lens',
  'news',
  'chess',
  'moss',
  'bonus',
  'virus',
  'iris',
  'hibiscus',
  'asparagus',
  'hippopotamus',
  'platypus',
]);

/** The singular of a (possibly plural) English noun, with a flag telling whether it was plural. */
export function singular(word: string): { noun: string; plural: boolean } {
  const irregular = IRREGULAR[word];
  if (irregular) return { noun: irregular, plural: irregular !== word };
  if (SINGULAR_S.has(word) || word.endsWith('ss') || word.length <= 3 || !word.endsWith('s'))
    return { noun: word, plural: false };
  if (word.endsWith('ies')) return { noun: `${word.slice(0, -3)}y`, plural: true };
  if (/(ches|shes|xes|sses|zes)$/.test(word)) return { noun: word.slice(0, -2), plural: true };
  return { noun: word.slice(0, -1), plural: true };
}

/** The plural of a singular noun (for questions). */
export function plural(noun: string): string {
  for (const [many, one] of Object.entries(IRREGULAR)) if (one === noun && many !== noun) return many;
  if (/(s|x|ch|sh|z)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** Spells a small number ("two"), digits beyond twelve. */
export function numberWord(n: number): string {
  const words = [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
  ];
  return words[n] ?? String(n);
}

/** "a" or "an" before a word. */
export function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
