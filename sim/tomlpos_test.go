package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// tomlPosExample is the example document from the specification of
// scanTOMLPositions.
const tomlPosExample = `format = 1
[[lever]]
id = "a"
cost = 2
effect = { deterrence = 1.5, escalation = 0.2 }
[[lever]]
id = "b"
"quoted key" = 1
[scorecard]
deterrence = [70, 55]
[[inject]]
id = "x"
choice = [
  { id = "yes", label = "Yes", effect = { cohesion = 2 } },
  { id = "no", label = "No" },
]
[side.rok]
budget = 3
a.b.c = 1
`

// tomlPosCases are valid TOML documents with the exact positions that
// scanTOMLPositions must return for them: no more, no fewer.
var tomlPosCases = []struct {
	name string
	src  string
	want tomlPositions
}{
	{
		name: "example",
		src:  tomlPosExample,
		want: tomlPositions{
			"format":                              {1, 1},
			"lever":                               {2, 1},
			"lever[0]":                            {2, 1},
			"lever[0].id":                         {3, 1},
			"lever[0].cost":                       {4, 1},
			"lever[0].effect":                     {5, 1},
			"lever[0].effect.deterrence":          {5, 12},
			"lever[0].effect.escalation":          {5, 30},
			"lever[1]":                            {6, 1},
			"lever[1].id":                         {7, 1},
			"lever[1].quoted key":                 {8, 1},
			"scorecard":                           {9, 1},
			"scorecard.deterrence":                {10, 1},
			"scorecard.deterrence[0]":             {10, 15},
			"scorecard.deterrence[1]":             {10, 19},
			"inject":                              {11, 1},
			"inject[0]":                           {11, 1},
			"inject[0].id":                        {12, 1},
			"inject[0].choice":                    {13, 1},
			"inject[0].choice[0]":                 {14, 3},
			"inject[0].choice[0].id":              {14, 5},
			"inject[0].choice[0].label":           {14, 17},
			"inject[0].choice[0].effect":          {14, 32},
			"inject[0].choice[0].effect.cohesion": {14, 43},
			"inject[0].choice[1]":                 {15, 3},
			"inject[0].choice[1].id":              {15, 5},
			"inject[0].choice[1].label":           {15, 16},
			"side":                                {17, 1},
			"side.rok":                            {17, 1},
			"side.rok.budget":                     {18, 1},
			"side.rok.a":                          {19, 1},
			"side.rok.a.b":                        {19, 1},
			"side.rok.a.b.c":                      {19, 1},
		},
	},
	{
		name: "empty document",
		src:  "",
		want: tomlPositions{},
	},
	{
		name: "only comments and blank lines",
		src:  "# a = 1\n\n   \t\n# [t]\n",
		want: tomlPositions{},
	},
	{
		name: "single-line strings with escapes and special characters",
		src: `a = "x \" = [b] # c"
b = 'lit = [x] # "'
c = "\\"
d = "\\\"" # "
e = 1
`,
		want: tomlPositions{
			"a": {1, 1},
			"b": {2, 1},
			"c": {3, 1},
			"d": {4, 1},
			"e": {5, 1},
		},
	},
	{
		name: "multi-line strings",
		src: `ml = """
k = [1] # not a comment
[not.a.table]
esc = \""" still inside \
  """
lit = '''
y = 'z' [w] "
# q'''
after = 1
quotes = """say "hi"""""
lits = ''''x'''''
last = 2
`,
		want: tomlPositions{
			"ml":     {1, 1},
			"lit":    {6, 1},
			"after":  {9, 1},
			"quotes": {10, 1},
			"lits":   {11, 1},
			"last":   {12, 1},
		},
	},
	{
		name: "strings inside arrays and inline tables",
		src: `s = ["a,b", 'c]d', """e
}f""", '''g
h''', "i"]
it = { k = "}=", l = 'x' }
`,
		want: tomlPositions{
			"s":    {1, 1},
			"s[0]": {1, 6},
			"s[1]": {1, 13},
			"s[2]": {1, 20},
			"s[3]": {2, 8},
			"s[4]": {3, 7},
			"it":   {4, 1},
			"it.k": {4, 8},
			"it.l": {4, 18},
		},
	},
	{
		name: "multi-line strings ending in quotes inside an array",
		src:  "q = [\"\"\"a\"\"\"\"\", '''b''''', \"c\"]\n",
		want: tomlPositions{
			"q":    {1, 1},
			"q[0]": {1, 6},
			"q[1]": {1, 17},
			"q[2]": {1, 28},
		},
	},
	{
		name: "comments",
		src: `# k = 1
a = 1 # b = 2
#[t]
  # indented comment
c = [ # x = 1
  1, # y = {
  2,
] # end
[t] # [u]
d = 1
`,
		want: tomlPositions{
			"a":    {2, 1},
			"c":    {5, 1},
			"c[0]": {6, 3},
			"c[1]": {7, 3},
			"t":    {9, 1},
			"t.d":  {10, 1},
		},
	},
	{
		name: "multi-line and nested arrays",
		src: `a = [
  [1, 2],
  [
    3,
  ],
  [],
  [[ "x" ]],
]
b = [ [ 1 ] , [ 2 , [ 3 ] ] ]
`,
		want: tomlPositions{
			"a":          {1, 1},
			"a[0]":       {2, 3},
			"a[0][0]":    {2, 4},
			"a[0][1]":    {2, 7},
			"a[1]":       {3, 3},
			"a[1][0]":    {4, 5},
			"a[2]":       {6, 3},
			"a[3]":       {7, 3},
			"a[3][0]":    {7, 4},
			"a[3][0][0]": {7, 6},
			"b":          {9, 1},
			"b[0]":       {9, 7},
			"b[0][0]":    {9, 9},
			"b[1]":       {9, 15},
			"b[1][0]":    {9, 17},
			"b[1][1]":    {9, 21},
			"b[1][1][0]": {9, 23},
		},
	},
	{
		name: "nested inline tables",
		src:  "t = { a = { b = { c = 1 } }, d = [ { e = 1 }, {} ], f = {} }\n",
		want: tomlPositions{
			"t":        {1, 1},
			"t.a":      {1, 7},
			"t.a.b":    {1, 13},
			"t.a.b.c":  {1, 19},
			"t.d":      {1, 30},
			"t.d[0]":   {1, 36},
			"t.d[0].e": {1, 38},
			"t.d[1]":   {1, 47},
			"t.f":      {1, 53},
		},
	},
	{
		name: "inline table spanning lines (TOML 1.1)",
		src: `u = {
  x = 1, # c
  y.z = [
    { w = 2 },
  ],
}
v = 1
`,
		want: tomlPositions{
			"u":          {1, 1},
			"u.x":        {2, 3},
			"u.y":        {3, 3},
			"u.y.z":      {3, 3},
			"u.y.z[0]":   {4, 5},
			"u.y.z[0].w": {4, 7},
			"v":          {7, 1},
		},
	},
	{
		name: "empty containers",
		src:  "e = []\nf = {}\ng = [ ]\n",
		want: tomlPositions{
			"e": {1, 1},
			"f": {2, 1},
			"g": {3, 1},
		},
	},
	{
		name: "dotted keys with quoted parts",
		src: `"a.b".c = 1
site."google.com" = true
'lit.key' . x = 2
"esc\u0041\t" = 3
[tbl]
"x.y" = 5
`,
		want: tomlPositions{
			"a.b":             {1, 1},
			"a.b.c":           {1, 1},
			"site":            {2, 1},
			"site.google.com": {2, 1},
			"lit.key":         {3, 1},
			"lit.key.x":       {3, 1},
			"escA\t":          {4, 1},
			"tbl":             {5, 1},
			"tbl.x.y":         {6, 1},
		},
	},
	{
		// The quoted key "a.b" and the dotted key a.b have the same
		// path; the key written last wins.
		name: "ambiguous dotted path",
		src:  "a.b = 1\n\"a.b\" = 2\n",
		want: tomlPositions{
			"a":   {1, 1},
			"a.b": {2, 1},
		},
	},
	{
		name: "empty quoted key",
		src:  "\"\" = 1\nx = { '' = 2 }\n",
		want: tomlPositions{
			"":   {1, 1},
			"x":  {2, 1},
			"x.": {2, 7},
		},
	},
	{
		name: "whitespace and tabs",
		src:  "\tkey\t=\t1\n  a . b\t.  c = 2\n\t[\ttbl\t]\t\n\t\tx=3\n",
		want: tomlPositions{
			"key":   {1, 2},
			"a":     {2, 3},
			"a.b":   {2, 3},
			"a.b.c": {2, 3},
			"tbl":   {3, 2},
			"tbl.x": {4, 3},
		},
	},
	{
		name: "CRLF line endings",
		src:  "a = 1\r\n[t]\r\nb = [\r\n  1,\r\n  2\r\n]\r\nc = \"\"\"\r\nx = 1\r\n\"\"\"\r\nd = 2 # c\r\n",
		want: tomlPositions{
			"a":      {1, 1},
			"t":      {2, 1},
			"t.b":    {3, 1},
			"t.b[0]": {4, 3},
			"t.b[1]": {5, 3},
			"t.c":    {7, 1},
			"t.d":    {10, 1},
		},
	},
	{
		name: "headers with spaces",
		src: `[ table . sub ]
x = 1
[[ arr . item ]]
y = 2
[ "q.k" . 'lit' ]
z = 3
`,
		want: tomlPositions{
			"table":         {1, 1},
			"table.sub":     {1, 1},
			"table.sub.x":   {2, 1},
			"arr":           {3, 1},
			"arr.item":      {3, 1},
			"arr.item[0]":   {3, 1},
			"arr.item[0].y": {4, 1},
			"q.k":           {5, 1},
			"q.k.lit":       {5, 1},
			"q.k.lit.z":     {6, 1},
		},
	},
	{
		name: "nested arrays of tables",
		src: `[[a]]
x = 1
[[a.b]]
y = 1
[[a.b]]
y = 2
[a.c]
z = 1
[[a]]
[[a.b]]
[a.b.d]
w = 1
`,
		want: tomlPositions{
			"a":             {1, 1},
			"a[0]":          {1, 1},
			"a[0].x":        {2, 1},
			"a[0].b":        {3, 1},
			"a[0].b[0]":     {3, 1},
			"a[0].b[0].y":   {4, 1},
			"a[0].b[1]":     {5, 1},
			"a[0].b[1].y":   {6, 1},
			"a[0].c":        {7, 1},
			"a[0].c.z":      {8, 1},
			"a[1]":          {9, 1},
			"a[1].b":        {10, 1},
			"a[1].b[0]":     {10, 1},
			"a[1].b[0].d":   {11, 1},
			"a[1].b[0].d.w": {12, 1},
		},
	},
	{
		name: "sub-table of an array of tables",
		src: `[[fruit]]
name = "apple"
[fruit.physical]
color = "red"
[[fruit]]
name = "banana"
`,
		want: tomlPositions{
			"fruit":                   {1, 1},
			"fruit[0]":                {1, 1},
			"fruit[0].name":           {2, 1},
			"fruit[0].physical":       {3, 1},
			"fruit[0].physical.color": {4, 1},
			"fruit[1]":                {5, 1},
			"fruit[1].name":           {6, 1},
		},
	},
	{
		// x is defined implicitly by [x.y] and then explicitly by [x];
		// the explicit definition is where x is written.
		name: "implicit then explicit table",
		src:  "[x.y]\na = 1\n[x]\nb = 2\n[x.z]\n",
		want: tomlPositions{
			"x":     {3, 1},
			"x.y":   {1, 1},
			"x.y.a": {2, 1},
			"x.b":   {4, 1},
			"x.z":   {5, 1},
		},
	},
	{
		name: "dotted keys sharing a prefix",
		src:  "[t]\na.b = 1\na.c = 2\n",
		want: tomlPositions{
			"t":     {1, 1},
			"t.a":   {2, 1},
			"t.a.b": {2, 1},
			"t.a.c": {3, 1},
		},
	},
	{
		name: "dates numbers and booleans",
		src: `d1 = 1979-05-27T07:32:00Z
d2 = 1979-05-27 07:32:00.999-07:00
d3 = 1979-05-27
t1 = 07:32:00
arr = [1979-05-27 07:32:00, 1979-05-28, 07:32, true]
n = [+1_000, -0.5e+10, 0xDEAD_beef, 0o17, 0b101, inf, -inf, nan]
b = false
`,
		want: tomlPositions{
			"d1":     {1, 1},
			"d2":     {2, 1},
			"d3":     {3, 1},
			"t1":     {4, 1},
			"arr":    {5, 1},
			"arr[0]": {5, 8},
			"arr[1]": {5, 29},
			"arr[2]": {5, 41},
			"arr[3]": {5, 48},
			"n":      {6, 1},
			"n[0]":   {6, 6},
			"n[1]":   {6, 14},
			"n[2]":   {6, 24},
			"n[3]":   {6, 37},
			"n[4]":   {6, 43},
			"n[5]":   {6, 50},
			"n[6]":   {6, 55},
			"n[7]":   {6, 61},
			"b":      {7, 1},
		},
	},
	{
		name: "UTF-8 byte order mark",
		src:  "\xef\xbb\xbfa = 1\nb = 2\n",
		want: tomlPositions{
			"a": {1, 1}, // no editor shows the mark, nor counts it
			"b": {2, 1},
		},
	},
	{
		name: "multi-byte characters in strings and keys",
		src:  "\"ké\" = [\"é\", 1]\n",
		want: tomlPositions{
			"ké":    {1, 1},
			"ké[0]": {1, 9}, // columns count characters, not bytes
			"ké[1]": {1, 14},
		},
	},
	{
		name: "no newline at end of input",
		src:  "a = [1, 2]",
		want: tomlPositions{
			"a":    {1, 1},
			"a[0]": {1, 6},
			"a[1]": {1, 9},
		},
	},
}

// TestScanTOMLPositions checks the exact result of scanTOMLPositions for
// each case in tomlPosCases, and checks that each case is valid TOML whose
// decoded paths are exactly the paths in the expected result.
func TestScanTOMLPositions(t *testing.T) {
	for _, tc := range tomlPosCases {
		t.Run(tc.name, func(t *testing.T) {
			got := scanTOMLPositions(tc.src)
			if diff := diffTOMLPositions(got, tc.want); diff != "" {
				t.Errorf("scanTOMLPositions(%q):\n%s", tc.src, diff)
			}
			decoded, err := decodedTOMLPaths(tc.src)
			if err != nil {
				t.Fatalf("test case is not valid TOML: %v", err)
			}
			delete(decoded, tomlEmptyKeyMark)
			for path := range decoded {
				if _, ok := tc.want[path]; !ok {
					t.Errorf("decoded path %q has no expected position", path)
				}
			}
			for path := range tc.want {
				if !decoded[path] {
					t.Errorf("expected path %q is not in the decoded document", path)
				}
			}
		})
	}
}

// tomlPosInvalid are inputs that are not valid TOML. scanTOMLPositions must
// return for each without panicking, with positions inside the input.
var tomlPosInvalid = []string{
	"[",
	"[[",
	"[[a]",
	"[a",
	"[a.]",
	"[]",
	"a",
	"a =",
	"a = ",
	"= 1",
	"a = [",
	"a = [1,",
	"a = [1,,2]",
	"a = {",
	"a = { b",
	"a = { b = ",
	"a = { b = 1,",
	"a = ]",
	"a = }",
	"a = [}",
	"a = {]",
	"a = \"",
	"a = \"\\",
	"a = '",
	"a = \"\"\"",
	"a = \"\"\"\\",
	"a = '''",
	"a = ''''",
	"\"a",
	"\"a\\",
	"'a",
	"\"a\n\" = 1",
	"a.",
	"a..b = 1",
	"a = 1 b = 2",
	"a = [1 2]",
	"a = 1979-05-27 ",
	"a = 1979-05-27 x",
	"\"\\u\" = 1",
	"\"\\uZZZZ\" = 1",
	"\"\\U0011FFFF\" = 1",
	"\"\\UFFFFFFFF\" = 1",
	"\"\\x\" = 1",
	"#",
	"\r",
	"\r\n\r\n",
	"\xff\xfe",
	"\xef\xbb",
	"a = [[[[[[[[[[",
	"a = {{{{{{{",
	"a = ]]]]]]",
	"[[a]]\n[[a]]\n[a]\n[a.b]\n[[a.b]]\n",
	"s = \"é\" ; x = 1\n",
}

// TestScanTOMLPositionsInvalid checks that scanTOMLPositions survives
// invalid input, and that it still finds the keys before an error.
func TestScanTOMLPositionsInvalid(t *testing.T) {
	for _, src := range tomlPosInvalid {
		got := scanTOMLPositions(src)
		checkTOMLPositionsInBounds(t, src, got)
	}
	for _, tc := range []struct {
		src  string
		want tomlPositions
	}{
		{
			// An unterminated single-line string ends at its line.
			src:  "a = 1\nb = \"unterminated\nc = 2\n",
			want: tomlPositions{"a": {1, 1}, "b": {2, 1}, "c": {3, 1}},
		},
		{
			// A bad line is skipped.
			src:  "a = 1\n= = =\nc = 2\n",
			want: tomlPositions{"a": {1, 1}, "c": {3, 1}},
		},
		{
			// An array that is not closed stops the value.
			src:  "x = [1, 2\ny = 3\nz = 4\n",
			want: tomlPositions{"x": {1, 1}, "x[0]": {1, 6}, "x[1]": {1, 9}, "z": {3, 1}},
		},
		{
			// A header that is not closed is ignored.
			src:  "[t\na = 1\n",
			want: tomlPositions{"a": {2, 1}},
		},
	} {
		got := scanTOMLPositions(tc.src)
		if diff := diffTOMLPositions(got, tc.want); diff != "" {
			t.Errorf("scanTOMLPositions(%q):\n%s", tc.src, diff)
		}
	}
}

// TestTOMLPositionsLookup checks that lookup falls back to the nearest
// ancestor that has a position.
func TestTOMLPositionsLookup(t *testing.T) {
	pos := scanTOMLPositions(tomlPosExample)
	for _, tc := range []struct {
		path string
		want keyPos
	}{
		{"format", keyPos{1, 1}},
		{"lever[0].effect.deterrence", keyPos{5, 12}},
		{"lever[0].effect.deterrence.extra", keyPos{5, 12}},
		{"lever[0].effect.missing", keyPos{5, 1}},
		{"lever[1].missing.deeper", keyPos{6, 1}},
		{"lever[5].id", keyPos{2, 1}},
		{"lever", keyPos{2, 1}},
		{"scorecard.deterrence[7]", keyPos{10, 1}},
		{"scorecard.deterrence[1][3]", keyPos{10, 19}},
		{"inject[0].choice[1].effect.cohesion", keyPos{15, 3}},
		{"side.rok.a.b.c", keyPos{19, 1}},
		{"side.rok.a.b.c.d", keyPos{19, 1}},
		{"side.usa.budget", keyPos{17, 1}},
		{"nosuch", keyPos{}},
		{"nosuch.key[0]", keyPos{}},
		{"", keyPos{}},
		{".", keyPos{}},
		{"[0]", keyPos{}},
	} {
		if got := pos.lookup(tc.path); got != tc.want {
			t.Errorf("lookup(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
	var empty tomlPositions
	if got := empty.lookup("a.b"); got != (keyPos{}) {
		t.Errorf("nil tomlPositions: lookup = %v, want zero", got)
	}
}

// TestScanTOMLPositionsLongPaths checks that paths longer than
// maxTOMLPathLen are not recorded, that lookup then finds a shorter
// ancestor, and that the path strings built stay within the path budget
// for inputs designed to produce very long paths.
func TestScanTOMLPositionsLongPaths(t *testing.T) {
	long := strings.Repeat("k", maxTOMLPathLen)
	pos := scanTOMLPositions("[t]\n" + long + " = 1\nx = 2\n")
	want := tomlPositions{"t": {1, 1}, "t.x": {3, 1}}
	if diff := diffTOMLPositions(pos, want); diff != "" {
		t.Errorf("long key:\n%s", diff)
	}
	if got := pos.lookup("t." + long); got != (keyPos{1, 1}) {
		t.Errorf("lookup of long key = %v, want {1 1}", got)
	}

	for name, src := range tomlPathologicalInputs(1 << 18) {
		pos := scanTOMLPositions(src)
		total := 0
		for path := range pos {
			if len(path) > maxTOMLPathLen {
				t.Errorf("%s: recorded a path of %d bytes", name, len(path))
			}
			total += len(path)
		}
		if limit := tomlPathBudgetBase + tomlPathBudgetPerByte*len(src); total > limit {
			t.Errorf("%s: recorded %d bytes of paths, budget %d", name, total, limit)
		}
	}
}

// FuzzScanTOMLPositions checks that scanTOMLPositions never panics or hangs
// and returns positions inside the input, and, for inputs that the decoder
// accepts, that it returns a position for exactly the paths in the decoded
// document, each at a byte that can start a key, a header or a value.
func FuzzScanTOMLPositions(f *testing.F) {
	for _, tc := range tomlPosCases {
		f.Add(tc.src)
	}
	for _, src := range tomlPosInvalid {
		f.Add(src)
	}
	for seed := range 20 {
		src, _ := genTOMLDocument(uint64(seed))
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		pos, _, ext := scanTOMLDocument(src, nil)
		checkTOMLPositionsInBounds(t, src, pos)
		if len(src) > 1<<16 || ext != nil {
			// A dotted key adding to a key given its whole value: TOML
			// forbids it, the decoder takes it, the loader refuses it
			// (dotted_key_extends_value.toml), so the positions need
			// not match the decoder's document.
			return
		}
		decoded, err := decodedTOMLPaths(src)
		if err != nil || decoded[tomlEmptyKeyMark] {
			return
		}
		for path := range decoded {
			if len(path) > maxTOMLPathLen {
				return
			}
		}
		for path := range decoded {
			if _, ok := pos[path]; !ok {
				t.Errorf("decoded path %q has no position", path)
			}
		}
		if t.Failed() {
			return
		}
		starts := tomlLineStarts(src)
		for path, p := range pos {
			if !decoded[path] {
				t.Errorf("path %q at %v is not in the decoded document", path, p)
				continue
			}
			off := tomlColOffset(src, starts[p.Line-1], p.Col)
			if off < 0 || off >= len(src) {
				t.Errorf("path %q at %v is past the end of its line", path, p)
				continue
			}
			switch c := src[off]; c {
			case ' ', '\t', '\r', '\n', '#', ',', '=', ']', '}', '.':
				t.Errorf("path %q at %v starts with %q", path, p, c)
			}
		}
	})
}

// BenchmarkScanTOMLPositions measures a scan of a realistic 1 MiB scenario.
func BenchmarkScanTOMLPositions(b *testing.B) {
	src := tomlBenchScenario(1 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		scanTOMLPositions(src)
	}
}

// BenchmarkScanTOMLPositionsPathological measures scans of 1 MiB inputs
// shaped to make a careless scanner slow.
func BenchmarkScanTOMLPositionsPathological(b *testing.B) {
	inputs := tomlPathologicalInputs(1 << 20)
	names := make([]string, 0, len(inputs))
	for name := range inputs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		src := inputs[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				scanTOMLPositions(src)
			}
		})
	}
}

// tomlBenchScenario returns a valid scenario-like document of at least n
// bytes, made of many array-of-tables entries with inline tables, arrays
// and strings.
func tomlBenchScenario(n int) string {
	var b strings.Builder
	b.WriteString("format = 1\n[scorecard]\ndeterrence = [70, 55]\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `[[lever]]
id = "lever-%d"  # a comment
cost = %d
effect = { deterrence = 1.5, escalation = -0.2, "quoted key" = 3 }
text = """
A longer description = [with] # symbols
"""
[[inject]]
id = "inject-%d"
when = 1979-05-27T07:32:00Z
choice = [
  { id = "yes", label = "Yes", effect = { cohesion = 2 } },
  { id = "no", label = 'No', weights = [1, 2, 3, 4] },
]
[side.rok%d]
budget = 3
a.b.c = 1
`, i, i, i, i)
	}
	return b.String()
}

// tomlPathologicalInputs returns inputs of about n bytes each, keyed by a
// short name, that would take more than linear time or memory in a scanner
// that recursed on nesting or built arbitrarily long paths.
func tomlPathologicalInputs(n int) map[string]string {
	header := "[" + strings.Repeat("k", maxTOMLPathLen-8) + "]\n"
	deepHeader := "[" + strings.Repeat("k.", 200) + "k]\n"
	return map[string]string{
		"deep arrays":          "a = " + strings.Repeat("[", n/2) + strings.Repeat("]", n/2) + "\n",
		"deep inline tables":   "a = " + strings.Repeat("{b=", n/4) + "1" + strings.Repeat("}", n/4) + "\n",
		"long dotted key":      strings.Repeat("k.", n/2) + "k = 1\n",
		"long header":          "[" + strings.Repeat("k.", n/2) + "k]\nx = 1\n",
		"long path with array": header + "x = [" + strings.Repeat("1,", n/2) + "]\n",
		"deep path with keys":  deepHeader + strings.Repeat("x = 1\n", n/6),
		"many headers":         strings.Repeat("[[a.b]]\n", n/8),
		"unterminated string":  "a = \"\"\"" + strings.Repeat("\\\"x = 1\n", n/8),
		"many escapes in keys": strings.Repeat("\"\\u0041\\t\\\"\" = 1\n", n/18),
	}
}

// tomlEmptyKeyMark is a path that decodedTOMLPaths adds to its result if
// the document has an empty key (a quoted key with nothing between the
// quotes). The decoder mishandles some of those: it decodes
// "" = [[{ a = 1 }]] as if it were an array of tables, one level too
// shallow. The fuzz test does not compare paths for such documents. Only a
// document with an empty key can have the mark as a real path, so the mark
// is right either way.
const tomlEmptyKeyMark = "[empty key]."

// decodedTOMLPaths decodes src with the TOML decoder into a generic map and
// returns the paths of all the keys and array elements in it, named as
// scanTOMLPositions names them, plus tomlEmptyKeyMark if some key is empty.
func decodedTOMLPaths(src string) (map[string]bool, error) {
	var doc map[string]any
	md, err := toml.Decode(src, &doc)
	if err != nil {
		return nil, err
	}
	paths := make(map[string]bool)
	walkDecodedTOML(doc, "", true, paths)
	// An empty key the document lost: the decoder drops `a."" = []` once
	// a later line adds to a (found by FuzzScanTOMLPositions), so the
	// walk above did not meet it; its metadata still lists it.
	for _, k := range md.Keys() {
		if slices.Contains(k, "") {
			paths[tomlEmptyKeyMark] = true
		}
	}
	return paths, nil
}

// walkDecodedTOML adds to paths the paths of everything inside the decoded
// value v, whose own path is path; root is true for the document itself.
func walkDecodedTOML(v any, path string, root bool, paths map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			if k == "" {
				paths[tomlEmptyKeyMark] = true
			}
			p := k
			if !root {
				p = path + "." + k
			}
			paths[p] = true
			walkDecodedTOML(sub, p, false, paths)
		}
	case []map[string]any:
		for i, sub := range v {
			p := path + "[" + strconv.Itoa(i) + "]"
			paths[p] = true
			walkDecodedTOML(sub, p, false, paths)
		}
	case []any:
		for i, sub := range v {
			p := path + "[" + strconv.Itoa(i) + "]"
			paths[p] = true
			walkDecodedTOML(sub, p, false, paths)
		}
	}
}

// tomlLineStarts returns the byte offset at which each line of src starts.
func tomlLineStarts(src string) []int {
	// Line 1's columns count from after a byte order mark, as the
	// scanner's do (no editor shows one).
	starts := []int{tomlBOMLen(src)}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// tomlColOffset returns the byte offset of the character at the 1-based
// column col (counted in characters) of the line starting at lineStart, or
// -1 if the line ends first.
func tomlColOffset(src string, lineStart, col int) int {
	off := lineStart
	for n := 1; n < col; n++ {
		if off >= len(src) || src[off] == '\n' {
			return -1
		}
		_, size := utf8.DecodeRuneInString(src[off:])
		off += size
	}
	if off > len(src) {
		return -1
	}
	return off
}

// checkTOMLPositionsInBounds reports an error for each position in pos that
// is not at a byte of src or just after the end of a line.
func checkTOMLPositionsInBounds(t *testing.T, src string, pos tomlPositions) {
	t.Helper()
	starts := tomlLineStarts(src)
	for path, p := range pos {
		if p.Line < 1 || p.Line > len(starts) || p.Col < 1 {
			t.Errorf("%q: position %v is outside the input", path, p)
			continue
		}
		end := len(src)
		if p.Line < len(starts) {
			end = starts[p.Line] - 1
		}
		if off := tomlColOffset(src, starts[p.Line-1], p.Col); off < 0 || off >= end {
			t.Errorf("%q: position %v is past the end of its line", path, p)
		}
	}
}

// diffTOMLPositions describes the differences between got and want, one
// line each, in sorted order, or returns "" if they are equal.
func diffTOMLPositions(got, want tomlPositions) string {
	var lines []string
	for path, w := range want {
		if g, ok := got[path]; !ok {
			lines = append(lines, fmt.Sprintf("missing %q (want %v)", path, w))
		} else if g != w {
			lines = append(lines, fmt.Sprintf("%q at %v, want %v", path, g, w))
		}
	}
	for path, g := range got {
		if _, ok := want[path]; !ok {
			lines = append(lines, fmt.Sprintf("unexpected %q at %v", path, g))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestScanTOMLPositionsGenerated checks scanTOMLPositions on many random
// valid documents written by tomlGen, which records where it writes each
// key, header and array element. Every document must decode, and the scan
// must return exactly the recorded positions.
func TestScanTOMLPositionsGenerated(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for seed := range n {
		src, want := genTOMLDocument(uint64(seed))
		decoded, err := decodedTOMLPaths(src)
		if err != nil {
			t.Fatalf("seed %d: generated document is not valid TOML: %v\n%s", seed, err, src)
		}
		if len(decoded) != len(want) {
			t.Errorf("seed %d: the decoder finds %d paths, the generator wrote %d", seed, len(decoded), len(want))
		}
		got := scanTOMLPositions(src)
		if diff := diffTOMLPositions(got, want); diff != "" {
			t.Fatalf("seed %d: scanTOMLPositions(%q):\n%s", seed, src, diff)
		}
	}
}

// tomlGen writes a random valid TOML document and records the byte offset
// at which it writes each path, following the position rules documented
// in tomlpos.go.
type tomlGen struct {
	r    *rand.Rand
	b    strings.Builder
	nl   string
	n    int
	want map[string]int
}

// tomlGenKey is one simple key: the text written and the key it decodes to.
type tomlGenKey struct{ text, name string }

// genTOMLDocument returns a random valid document for seed and the
// positions that scanTOMLPositions must find in it.
func genTOMLDocument(seed uint64) (string, tomlPositions) {
	g := &tomlGen{r: rand.New(rand.NewPCG(seed, 0x746f6d6c)), nl: "\n", want: make(map[string]int)}
	if g.r.IntN(4) == 0 {
		g.nl = "\r\n"
	}
	g.keyValues("", true)
	for range g.r.IntN(5) {
		g.filler()
		switch g.r.IntN(2) {
		case 0:
			// A standard table with a new, possibly dotted, name.
			var segs []tomlGenKey
			for range 1 + g.r.IntN(3) {
				segs = append(segs, g.simpleKey())
			}
			off := g.header(segs, false)
			path, root := "", true
			for i, s := range segs {
				path, root = tomlGenJoin(path, root, s.name), false
				g.set(path, off, i == len(segs)-1)
			}
			g.keyValues(path, false)
		case 1:
			// An array of tables, with nested arrays and sub-tables.
			name := g.simpleKey()
			subName, tblName := g.simpleKey(), g.simpleKey()
			for k := range 1 + g.r.IntN(3) {
				off := g.header([]tomlGenKey{name}, true)
				g.set(name.name, off, false)
				elem := name.name + "[" + strconv.Itoa(k) + "]"
				g.set(elem, off, true)
				g.keyValues(elem, false)
				if g.r.IntN(2) == 0 {
					for j := range 1 + g.r.IntN(2) {
						off := g.header([]tomlGenKey{name, subName}, true)
						sub := elem + "." + subName.name
						g.set(sub, off, false)
						sub += "[" + strconv.Itoa(j) + "]"
						g.set(sub, off, true)
						g.keyValues(sub, false)
					}
				}
				if g.r.IntN(2) == 0 {
					off := g.header([]tomlGenKey{name, tblName}, false)
					tbl := elem + "." + tblName.name
					g.set(tbl, off, true)
					g.keyValues(tbl, false)
				}
			}
		}
	}
	g.filler()
	src := g.b.String()
	starts := tomlLineStarts(src)
	want := make(tomlPositions, len(g.want))
	for path, off := range g.want {
		line := sort.Search(len(starts), func(i int) bool { return starts[i] > off })
		want[path] = keyPos{Line: line, Col: utf8.RuneCountInString(src[starts[line-1]:off]) + 1}
	}
	return src, want
}

// tomlGenJoin returns the path of key name in the table path, named as
// scanTOMLPositions names it.
func tomlGenJoin(path string, root bool, name string) string {
	if root {
		return name
	}
	return path + "." + name
}

// set records off as the position of path; see tomlScanner.set.
func (g *tomlGen) set(path string, off int, overwrite bool) {
	if _, ok := g.want[path]; ok && !overwrite {
		return
	}
	g.want[path] = off
}

// pick returns one of choices at random.
func (g *tomlGen) pick(choices ...string) string { return choices[g.r.IntN(len(choices))] }

// space returns a random run of spaces and tabs, possibly empty.
func (g *tomlGen) space() string { return g.pick("", "", " ", " ", "\t", "  \t ") }

// filler writes random blank lines and comment lines.
func (g *tomlGen) filler() {
	for range g.r.IntN(3) {
		switch g.r.IntN(3) {
		case 0:
			g.b.WriteString(g.space() + g.nl)
		default:
			g.b.WriteString(g.space() + g.comment() + g.nl)
		}
	}
}

// comment returns a random comment that looks like TOML syntax.
func (g *tomlGen) comment() string {
	return g.pick("#", "# x = 1", "#[table]", `# "quoted = [1]" 'x'`, "# a.b = { c = 1 }", "#\t]}#")
}

// header writes a table header for segs (an array-of-tables header if
// array is set) on a line of its own and returns the offset of its "[".
func (g *tomlGen) header(segs []tomlGenKey, array bool) int {
	g.b.WriteString(g.space())
	off := g.b.Len()
	open, end := "[", "]"
	if array {
		open, end = "[[", "]]"
	}
	g.b.WriteString(open + g.space())
	for i, s := range segs {
		if i > 0 {
			g.b.WriteString(g.space() + "." + g.space())
		}
		g.b.WriteString(s.text)
	}
	g.b.WriteString(g.space() + end)
	if g.r.IntN(3) == 0 {
		g.b.WriteString(g.space() + g.comment())
	}
	g.b.WriteString(g.nl)
	return off
}

// simpleKey returns a new bare, basic-string or literal-string key.
func (g *tomlGen) simpleKey() tomlGenKey {
	g.n++
	base := "k" + strconv.Itoa(g.n)
	switch g.r.IntN(5) {
	case 0:
		name := base + g.pick(" x", ".y", ` "q"`, "\t", "é", "#=[]{},", `\`, "\x1b", "")
		var text strings.Builder
		text.WriteByte('"')
		for _, c := range name {
			switch c {
			case '"':
				text.WriteString(`\"`)
			case '\\':
				text.WriteString(`\\`)
			case '\t':
				text.WriteString(g.pick(`\t`, `\u0009`))
			case 'é':
				text.WriteString(g.pick("é", `\u00e9`, `\U000000E9`, `\xe9`))
			case '\x1b':
				text.WriteString(g.pick(`\e`, `\x1b`))
			default:
				text.WriteRune(c)
			}
		}
		text.WriteByte('"')
		return tomlGenKey{text.String(), name}
	case 1:
		name := base + g.pick(" x", ".y", `"`, "#=[]{},", `\n`, "")
		return tomlGenKey{"'" + name + "'", name}
	case 2:
		name := base + g.pick("-", "_", "-x_y", "-0")
		return tomlGenKey{name, name}
	default:
		return tomlGenKey{base, base}
	}
}

// keyValues writes up to three key/value lines in the table path, some of
// them dotted keys that share a first part.
func (g *tomlGen) keyValues(path string, root bool) {
	var shared []tomlGenKey
	for range g.r.IntN(4) {
		g.filler()
		g.b.WriteString(g.space())
		segs := shared
		if len(segs) == 0 || g.r.IntN(2) == 0 {
			segs = nil
			for range 1 + g.r.IntN(3) {
				segs = append(segs, g.simpleKey())
			}
			if len(segs) > 1 {
				shared = segs[:len(segs)-1]
			}
		} else {
			segs = append(append([]tomlGenKey(nil), segs...), g.simpleKey())
		}
		p := g.key(segs, path, root)
		g.b.WriteString(g.space() + "=" + g.space())
		g.value(p, 0)
		if g.r.IntN(3) == 0 {
			g.b.WriteString(g.space() + g.comment())
		}
		g.b.WriteString(g.space() + g.nl)
	}
}

// key writes the dotted key segs at the current offset, records the
// positions of its paths below the table path, and returns the path of the
// value.
func (g *tomlGen) key(segs []tomlGenKey, path string, root bool) string {
	off := g.b.Len()
	for i, s := range segs {
		if i > 0 {
			g.b.WriteString(g.space() + "." + g.space())
		}
		g.b.WriteString(s.text)
		path, root = tomlGenJoin(path, root, s.name), false
		g.set(path, off, i == len(segs)-1)
	}
	return path
}

// value writes a random value whose path is path, at the given depth of
// nesting; containers nest at most three deep.
func (g *tomlGen) value(path string, depth int) {
	kind := g.r.IntN(10)
	if depth >= 3 && kind >= 8 {
		kind = 0
	}
	switch kind {
	case 0, 1, 2:
		g.b.WriteString(g.pick("42", "-17", "+1_000", "0", "3.14", "-0.5e+10", "6.02E23", "0x1F_ab",
			"0o17", "0b101", "inf", "-inf", "+nan", "true", "false", "1979-05-27", "07:32:00",
			"07:32:00.5", "07:32", "1979-05-27T07:32:00Z", "1979-05-27 07:32:00",
			"1979-05-27t00:32:00.999999-07:00", "1979-05-27 07:32:00+01:00", "1979-05-27T07:32"))
	case 3, 4:
		g.b.WriteString(g.pick(`""`, `"a \" b \\ # = [ ] { } , 'x'"`, `"\u00e9\t\e\x41"`, `''`,
			`'C:\path # = [ ] { } , "q"'`, `"""a"""`, `''''''`))
	case 5:
		g.b.WriteString(`"""` + g.pick("", g.nl) + "line = [1] # not a comment" + g.nl +
			`[table] \""" "" {` + g.nl + `  more \` + g.nl + "   end" + g.pick("", `"`, `""`) + `"""`)
	case 6:
		g.b.WriteString("'''" + g.pick("", g.nl) + "x = '' [y] # z \\" + g.nl +
			`"""` + g.pick("", "'", "''") + "'''")
	case 7, 8:
		multi := g.r.IntN(2) == 0
		g.b.WriteString("[")
		n := g.r.IntN(4)
		for i := range n {
			g.gap(multi)
			elem := path + "[" + strconv.Itoa(i) + "]"
			g.set(elem, g.b.Len(), true)
			g.value(elem, depth+1)
			if i < n-1 || g.r.IntN(2) == 0 {
				g.b.WriteString(g.space() + ",")
			}
		}
		g.gap(multi)
		g.b.WriteString("]")
		return
	case 9:
		multi := g.r.IntN(3) == 0 // Newlines in inline tables are TOML 1.1.
		g.b.WriteString("{")
		n := g.r.IntN(4)
		var shared []tomlGenKey
		for i := range n {
			g.gap(multi)
			segs := []tomlGenKey{g.simpleKey()}
			if len(shared) > 0 && g.r.IntN(2) == 0 {
				segs = append(append([]tomlGenKey(nil), shared...), segs[0])
			} else if g.r.IntN(3) == 0 {
				segs = append(segs, g.simpleKey())
				shared = segs[:1]
			}
			p := g.key(segs, path, false)
			g.b.WriteString(g.space() + "=" + g.space())
			g.value(p, depth+1)
			if i < n-1 || (multi && g.r.IntN(2) == 0) {
				g.b.WriteString(g.space() + ",")
			}
		}
		if n > 0 {
			g.gap(multi)
		}
		g.b.WriteString("}")
		return
	}
}

// gap writes the space before an element or closing bracket of a
// container: spaces only, or, in a multi-line container, possibly
// comments and newlines as well.
func (g *tomlGen) gap(multi bool) {
	g.b.WriteString(g.space())
	if multi {
		for range g.r.IntN(3) {
			if g.r.IntN(2) == 0 {
				g.b.WriteString(g.comment())
			}
			g.b.WriteString(g.nl + g.space())
		}
	}
}

// TestTOMLTooDeep: the depth check counts the parts of headers and dotted
// keys and the inline tables and arrays around a key, and nothing in
// strings, comments or numbers.
func TestTOMLTooDeep(t *testing.T) {
	deep := func(n int, part string) string { return strings.Repeat(part, n) }
	cases := []struct {
		src  string
		max  int
		want int // offset, or -1
	}{
		{"a.b.c = 1\n", 3, -1},
		{"a.b.c.d = 1\n", 3, 5},
		{"[a.b]\nc.d = 1\n", 4, -1},
		{"[a.b]\nc.d.e = 1\n", 4, 9},
		{"[[a.b.c]]\nd = 1\n", 3, 10},
		{"[a.b.c]\n[d]\ne.f = 1\n", 3, -1},
		{"[a.b.c]\n\n  # x.y\n[[d]]\n", 3, -1},
		{"[a.b.c]\n\n  # x.y\n  \"e\" = 1\n", 3, 19},
		{"a = {b = {c = 1}}\n", 3, -1},
		{"a = {b = {c = {d = 1}}}\n", 3, 14},
		{"a = [[[1.5]]]\n", 3, 6},
		{"a = [1.5, 2.5, {b = 1.5}, [3.5]]\nc.d.e = 1\n", 3, -1},
		{"a = {b = [1.5, 2.5], c.d = 1}\n", 3, -1},
		{"a = {b = [1.5, 2.5], c.d.e = 1}\n", 3, 24},
		{`a = "x.y.z.w.v" # p.q.r.s.t` + "\n" + `"b.c.d.e" = 'f.g.h.i'` + "\n", 2, -1},
		{"a = \"\"\"\nx.y.z.w = {{{{\n\"\"\"\"\"\nb.c = 1\n", 2, -1},
		{"a = '''\nx.y.z.w = [[[[\n'''\nb.c = 1\n", 2, -1},
		{`a = "esc \" x.y.z.w = {{{{"` + "\nb = 1\n", 2, -1},
		{"a = \"unterminated.x.y\nb.c = 1\n", 2, -1},
		{"a = \"\"\"never closed", 1, -1},
		{"a" + deep(100000, ".a") + " = 1\n", maxTOMLDepth, 2*maxTOMLDepth - 1},
		{"a = " + deep(50000, "{b=") + "1" + deep(50000, "}") + "\n", maxTOMLDepth, 4 + 3*(maxTOMLDepth-1)},
	}
	for _, tc := range cases {
		if got := tomlTooDeep(tc.src, tc.max); got != tc.want {
			t.Errorf("tomlTooDeep(%.60q, %d) = %d, want %d", tc.src, tc.max, got, tc.want)
		}
	}
}
