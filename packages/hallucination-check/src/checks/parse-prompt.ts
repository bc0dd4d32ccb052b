import { COMPOUND_NOUNS } from '../coco.js';
import type { Check } from '../types.js';
import {
  article,
  COLOURS,
  FRAME_NOUNS,
  NUMBER_WORDS,
  numberWord,
  PEOPLE,
  plural,
  RELATIONS,
  SCENE_WORDS,
  STOP_WORDS,
  singular,
} from './vocabulary.js';

/** A noun phrase the parser found: "two red apples" → `{ noun: 'apple', count: 2, attributes: ['red'] }`. */
export interface NounPhrase {
  noun: string;
  count?: number;
  /** True when the count was a number word or digits ("one", "a single", "3"), not just an article. */
  numbered?: boolean;
  plural: boolean;
  attributes: string[];
}

/** The parse of a prompt: the checks, and the words the grammar did not place (a sign the prompt is complex). */
export interface ParsedPrompt {
  checks: Check[];
  phrases: NounPhrase[];
  /** Words outside the simple grammar (verbs, clauses…); non-empty means an LLM decomposition may do better. */
  leftover: string[];
}

/** Common adjectives the parser accepts as attributes (others must look like adjectives). */
const ADJECTIVES = new Set([
  'big',
  'small',
  'large',
  'tiny',
  'huge',
  'old',
  'young',
  'new',
  'cute',
  'happy',
  'sad',
  'tall',
  'short',
  'long',
  'round',
  'square',
  'hot',
  'cold',
  'wet',
  'dry',
  'fat',
  'thin',
  'bright',
  'dark',
  'pale',
  'shiny',
  'wooden',
  'metal',
  'plastic',
  'glass',
  'stone',
  'paper',
  'giant',
  'little',
  'baby',
  'fresh',
  'ripe',
  'open',
  'closed',
  'empty',
  'full',
  'clean',
  'dirty',
  'smiling',
  'sleeping',
  'golden',
  'silver',
]);

const ING_NOUNS = new Set([
  'painting',
  'building',
  'ring',
  'king',
  'wing',
  'ceiling',
  'pudding',
  'earring',
  'string',
  'swing',
  'bed',
  'sled',
  'shed',
]);

const CONNECTORS = new Set(['and', 'with', 'plus', 'holding', 'wearing', 'while', 'beside']);

function tokenize(prompt: string): string[][] {
  const text = prompt
    .toLowerCase()
    .replace(/\bin the style of\b.*$/, '')
    .replace(/[^a-z0-9,;.\s'-]/g, ' ');
  return text
    .split(/[,;.]/)
    .map((clause) => clause.split(/\s+/).filter((word) => word.length > 0))
    .filter((clause) => clause.length > 0);
}

function matchRelation(words: string[], at: number): [number, string] | undefined {
  for (const [phrase, predicate] of RELATIONS) {
    if (phrase.every((word, i) => words[at + i] === word)) return [phrase.length, predicate];
  }
  return undefined;
}

function parsePhrase(words: string[], leftover: string[]): NounPhrase | undefined {
  const content = words.filter((word) => !STOP_WORDS.has(word));
  // "a cat sitting", "a dog running": the trailing verb is not the noun.
  while (
    content.length > 1 &&
    /(ing|ed)$/.test(content[content.length - 1]!) &&
    !ING_NOUNS.has(content[content.length - 1]!)
  ) {
    leftover.push(content.pop()!);
  }
  if (content.length === 0) return undefined;
  let head = content.length - 1;
  let noun = content[head]!;
  for (const size of [3, 2]) {
    const candidate = [...content.slice(-size, -1), singular(content[content.length - 1]!).noun].join(' ');
    if (content.length >= size && COMPOUND_NOUNS.has(candidate)) {
      head = content.length - size;
      noun = candidate;
      break;
    }
  }
  const { noun: one, plural: many } = noun.includes(' ')
    ? { noun, plural: singular(content[content.length - 1]!).plural }
    : singular(noun);
  const phrase: NounPhrase = { noun: one, plural: many, attributes: [] };
  for (const word of content.slice(0, head)) {
    const number = NUMBER_WORDS[word] ?? (/^\d+$/.test(word) ? Number(word) : undefined);
    if (number !== undefined) {
      phrase.count = number;
      phrase.numbered = true;
    } else if (COLOURS.has(word)) phrase.attributes.push(word === 'gray' ? 'grey' : word);
    else if (ADJECTIVES.has(word) || /^[a-z]+(y|ful|ous|ish|less|ic|al|en|ed|ive|ian)$/.test(word))
      phrase.attributes.push(word);
    else leftover.push(word);
  }
  if (phrase.count === undefined && !phrase.plural && /^(a|an|one)$/.test(words[0] ?? '')) phrase.count = 1;
  return phrase;
}

/** Splits a clause into noun phrases joined by relations or connectors. */
function parseClause(words: string[], leftover: string[]) {
  const phrases: NounPhrase[] = [];
  const relations: { subject: number; predicate: string; object: number }[] = [];
  let current: string[] = [];
  let pending: string | undefined;
  let subject = -1;
  const flush = () => {
    // "a portrait of a woman": drop the framing noun.
    if (current.length > 0 && FRAME_NOUNS.has(current[current.length - 1]!) && pending === undefined) {
      current = [];
      return;
    }
    const phrase = parsePhrase(current, leftover);
    current = [];
    if (!phrase) return;
    phrases.push(phrase);
    if (pending && subject >= 0 && subject !== phrases.length - 1)
      relations.push({ subject, predicate: pending, object: phrases.length - 1 });
    pending = undefined;
    // Relations attach to the clause's main subject: "a cat on a mat next to a dog" → cat next to dog.
    if (subject < 0) subject = phrases.length - 1;
  };
  for (let i = 0; i < words.length; ) {
    const word = words[i]!;
    if (word === 'of' && current.length > 0 && FRAME_NOUNS.has(current[current.length - 1]!)) {
      current = [];
      i++;
      continue;
    }
    const relation = current.length > 0 ? matchRelation(words, i) : undefined;
    if (relation) {
      flush();
      pending = relation[1];
      i += relation[0];
      continue;
    }
    if (CONNECTORS.has(word)) {
      flush();
      i++;
      continue;
    }
    current.push(word);
    i++;
  }
  flush();
  return { phrases, relations };
}

/**
 * Turns a simple English prompt into DSG-style atomic checks with dependencies: entities, counts,
 * colours and other attributes, spatial relations, and anatomy checks when people are asked for. Always
 * includes the `image` (not degenerate) and `prompt` (whole-prompt alignment) checks. Deterministic.
 *
 * @example
 * parsePrompt('two red apples on a table').checks.map((c) => c.question);
 * // Is the image a real picture…?, Does the image show "two red apples on a table"?, Is there an apple?,
 * // Are there exactly two apples?, Is the apple red?, Is there a table?, Is the apple on the table?
 */
export function parsePrompt(prompt: string): ParsedPrompt {
  const leftover: string[] = [];
  const checks: Check[] = [
    {
      id: 'image',
      kind: 'image',
      question: 'Is the image a real picture (not blank, uniform, black or noise)?',
    },
    { id: 'prompt', kind: 'prompt', question: `Does the image show "${prompt.trim()}"?` },
  ];
  const all: NounPhrase[] = [];
  const entityIds = new Map<string, string>();
  let people = 0;
  let peopleCounted = true;
  let hands = false;
  const counter = { e: 0, c: 0, a: 0, r: 0 };
  for (const clause of tokenize(prompt)) {
    const { phrases, relations } = parseClause(clause, leftover);
    const ids: string[] = [];
    for (const phrase of phrases) {
      if (SCENE_WORDS.has(phrase.noun)) {
        ids.push('');
        continue;
      }
      all.push(phrase);
      if (phrase.noun === 'hand' || phrase.noun === 'finger') hands = true;
      if (PEOPLE.has(phrase.noun)) {
        if (phrase.count !== undefined) people += phrase.count;
        else peopleCounted = false;
      }
      let id = entityIds.get(phrase.noun);
      if (!id) {
        id = `e${++counter.e}`;
        entityIds.set(phrase.noun, id);
        checks.push({
          id,
          kind: 'entity',
          entity: phrase.noun,
          question: `Is there ${article(phrase.noun)} ${phrase.noun}?`,
        });
      }
      ids.push(id);
      // "one X" / "a single X" is a count; "a X" is only presence.
      if (phrase.count !== undefined && (phrase.count > 1 || phrase.numbered)) {
        const n = numberWord(phrase.count);
        checks.push({
          id: `c${++counter.c}`,
          kind: 'count',
          entity: phrase.noun,
          count: phrase.count,
          dependsOn: [id],
          question:
            phrase.count === 1
              ? `Is there exactly one ${phrase.noun}?`
              : `Are there exactly ${n} ${plural(phrase.noun)}?`,
        });
      }
      for (const attribute of phrase.attributes) {
        const subject = phrase.plural ? `the ${plural(phrase.noun)}` : `the ${phrase.noun}`;
        checks.push({
          id: `a${++counter.a}`,
          kind: 'attribute',
          entity: phrase.noun,
          attribute,
          dependsOn: [id],
          question: `${phrase.plural ? 'Are' : 'Is'} ${subject} ${attribute}?`,
        });
      }
    }
    for (const relation of relations) {
      const subject = phrases[relation.subject]!;
      const object = phrases[relation.object]!;
      const a = ids[relation.subject];
      const b = ids[relation.object];
      if (!a || !b) continue;
      checks.push({
        id: `r${++counter.r}`,
        kind: 'relation',
        entity: subject.noun,
        relation: { predicate: relation.predicate, object: object.noun },
        dependsOn: [a, b],
        question: `${subject.plural ? 'Are the' : 'Is the'} ${subject.plural ? plural(subject.noun) : subject.noun} ${relation.predicate} the ${object.noun}?`,
      });
    }
  }
  if (people > 0 && peopleCounted) {
    checks.push({
      id: 'h1',
      kind: 'anatomy',
      anatomy: 'faces',
      entity: 'face',
      count: people,
      question:
        people === 1 ? 'Is there exactly one face?' : `Are there exactly ${numberWord(people)} faces?`,
    });
  }
  if (people > 0 || !peopleCounted || hands) {
    checks.push({
      id: 'h2',
      kind: 'anatomy',
      anatomy: 'hands',
      entity: 'hand',
      question: 'Does each visible hand have exactly five fingers?',
    });
  }
  return { checks, phrases: all, leftover };
}
