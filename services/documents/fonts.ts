import { existsSync, readFileSync } from 'node:fs';

/**
 * The typefaces GB/T 9704-2012 names for official documents, found on this machine. The free defaults are the Fandol
 * faces (one Debian package, texlive-lang-chinese, carries all five; CFF-based OpenType, which pdfkit embeds as
 * subsets): 仿宋 for the body, a bold 宋 that stands in for 小标宋 in the issuer's mark and the title, 黑体 and 楷体 for the
 * first and second heading levels, 宋体 for page numbers; a character none of them has is drawn in Noto Serif SC. An installation that owns the licensed faces (方正小标宋,
 * 仿宋_GB2312 …) points at them with DOCUMENT_FONT_*; a TrueType/OpenType collection (.ttc) takes the face's
 * PostScript name after '#': /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc#NotoSerifCJKsc-Bold.
 */
export type StyledFace = 'fangsong' | 'xiaobiaosong' | 'heiti' | 'kaiti' | 'songti';
/** the face a character missing from the styled face is drawn in (Fandol covers GB 2312, not 玥, 喆, 堃 …) */
export type Face = StyledFace | 'fallback';

export interface FontFile {
  path: string;
  /** the face's PostScript name inside a collection */
  postscriptName?: string;
}

const FANDOL_DIRS = [
  '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol', // Debian's texlive-lang-chinese
  '/usr/share/fonts/opentype/fandol', // where the Docker image copies them
  '/usr/local/texlive/texmf-dist/fonts/opentype/public/fandol', // a TeX Live install
];

const FACES: Record<StyledFace, { zh: string; env: string; fandol: string }> = {
  fangsong: { zh: '仿宋', env: 'DOCUMENT_FONT_FANGSONG', fandol: 'FandolFang-Regular.otf' },
  xiaobiaosong: { zh: '小标宋', env: 'DOCUMENT_FONT_XIAOBIAOSONG', fandol: 'FandolSong-Bold.otf' },
  heiti: { zh: '黑体', env: 'DOCUMENT_FONT_HEITI', fandol: 'FandolHei-Regular.otf' },
  kaiti: { zh: '楷体', env: 'DOCUMENT_FONT_KAITI', fandol: 'FandolKai-Regular.otf' },
  songti: { zh: '宋体', env: 'DOCUMENT_FONT_SONGTI', fandol: 'FandolSong-Regular.otf' },
};

const FONT_PACKAGE = 'texlive-lang-chinese';

/** Where a face's file is: the setting when given (it must exist), else the first Fandol file found. */
export function findFont(face: StyledFace, env: NodeJS.ProcessEnv = process.env): FontFile {
  const { zh, env: name, fandol } = FACES[face];
  const setting = env[name]?.trim();
  if (setting) {
    const [path, postscriptName] = setting.split('#');
    if (!existsSync(path))
      throw new Error(`${name}=${setting}: no such font file (the ${zh} face of official documents)`);
    return postscriptName ? { path, postscriptName } : { path };
  }
  const path = FANDOL_DIRS.map((dir) => `${dir}/${fandol}`).find((p) => existsSync(p));
  if (!path)
    throw new Error(
      `No ${zh} face for official documents: install Debian's ${FONT_PACKAGE} (apt-get install --no-install-recommends ` +
        `${FONT_PACKAGE}, which carries ${fandol}) or set ${name} to a licensed font file`,
    );
  return { path };
}

export interface LoadedFont {
  data: Buffer;
  postscriptName?: string;
}

const loaded = new Map<string, LoadedFont>();

/** The faces' bytes, read once per file (a Fandol face is 2–4 MB; pdfkit embeds only the glyphs a document uses). */
export function loadFonts(env: NodeJS.ProcessEnv = process.env): Record<Face, LoadedFont> {
  const read = (face: StyledFace): LoadedFont => {
    const { path, postscriptName } = findFont(face, env);
    const key = `${path}#${postscriptName ?? ''}`;
    let font = loaded.get(key);
    if (!font) loaded.set(key, (font = { data: readFileSync(path), postscriptName }));
    return font;
  };
  return {
    fangsong: read('fangsong'),
    xiaobiaosong: read('xiaobiaosong'),
    heiti: read('heiti'),
    kaiti: read('kaiti'),
    songti: read('songti'),
    fallback: (fallback ??= { data: readFileSync(NOTO_SERIF_SC) }),
  };
}

/** Noto Serif SC (SIL OFL, from npm, 30,000 glyphs): the characters beyond GB 2312 that names carry */
const NOTO_SERIF_SC = require
  .resolve('@expo-google-fonts/noto-serif-sc/package.json')
  .replace(/package\.json$/, '400Regular/NotoSerifSC_400Regular.ttf');
let fallback: LoadedFont | undefined;
