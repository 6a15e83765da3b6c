// A 5×9 bitmap font for printable ASCII (32–126), drawn for this project: cap height 7 rows, 2 rows of descender.
// Each glyph is 9 base-32 digits, one per row from the top; a digit's 5 bits are the row's pixels, the most
// significant bit leftmost (e.g. "A" = e h h v h h h 0 0: .###. #...# #...# ##### #...# ...).

/** Glyph width and height in font pixels; text advances by GLYPH_WIDTH + 1 per character. */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 9;
/** Rows above the baseline (descenders use the two rows below). */
export const CAP_HEIGHT = 7;

// biome-ignore format: one line of glyphs per eight characters keeps the table readable
const GLYPHS =
  "000000000 444440400 aaa000000 aavavaa00 4fke5u400 op248j300 cik8lid00 448000000 " + //   ! " # $ % & '
  "248884200 842224800 04lel4000 044v44000 00000cc48 000v00000 00000cc00 01248g000 " + // ( ) * + , - . /
  "ehjlphe00 4c4444e00 eh1248v00 v2421he00 26aiv2200 vgu11he00 68guhhe00 v12488800 " + // 0 1 2 3 4 5 6 7
  "ehhehhe00 ehhf12c00 0cc0cc000 0cc0cc480 248g84200 00v0v0000 842124800 eh1240400 " + // 8 9 : ; < = > ?
  "eh1dlle00 ehhvhhh00 uhhuhhu00 ehggghe00 sihhhis00 vgguggv00 vgguggg00 ehgnhhf00 " + // @ A B C D E F G
  "hhhvhhh00 e44444e00 72222ic00 hikokih00 ggggggv00 hrllhhh00 hhpljhh00 ehhhhhe00 " + // H I J K L M N O
  "uhhuggg00 ehhhlid00 uhhukih00 fgge11u00 v44444400 hhhhhhe00 hhhhha400 hhhllla00 " + // P Q R S T U V W
  "hha4ahh00 hhha44400 v1248gv00 e88888e00 0g8421000 e22222e00 4ah000000 0000000v0 " + // X Y Z [ \\ ] ^ _
  "842000000 00e1fhf00 ggmphhu00 00egghe00 11djhhf00 00ehvge00 698s88800 00fhhhf1e " + // ` a b c d e f g
  "ggmphhh00 40c444e00 2062222ic ggikoki00 c44444e00 00qllhh00 00mphhh00 00ehhhe00 " + // h i j k l m n o
  "00uhhhugg 00fhhhf11 00mpggg00 00fge1u00 88s889600 00hhhjd00 00hhha400 00hhlla00 " + // p q r s t u v w
  "00ha4ah00 00hhhhf1e 00v248v00 244844200 444444400 844244800 008l20000"; // x y z { | } ~

const TABLE = GLYPHS.split(" ").filter(Boolean);
/** A hollow box for characters outside printable ASCII. */
const MISSING = "vhhhhhv00";
/** Typographic characters mapped to their ASCII look-alikes. */
const ALIASES: Readonly<Record<string, string>> = {
  "\u2212": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u00d7": "x",
  "\u00a0": " ",
};

/** The glyph rows of `char`: GLYPH_HEIGHT numbers whose low 5 bits are pixels, bit 4 leftmost. */
export function glyphRows(char: string): number[] {
  const ascii = ALIASES[char] ?? char;
  const code = ascii.charCodeAt(0);
  const glyph = ascii.length === 1 && code >= 32 && code <= 126 ? TABLE[code - 32] : MISSING;
  return [...glyph].map((digit) => Number.parseInt(digit, 32));
}
