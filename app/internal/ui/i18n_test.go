package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/image/font/sfnt"

	"github.com/fgdesk/fgdesk/app/internal/finding"
	"github.com/fgdesk/fgdesk/app/internal/meeting"
	"github.com/fgdesk/fgdesk/assets"
)

// uiFiles parses the package's non-test files.
func uiFiles(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}

func callName(c *ast.CallExpr) (pkg, fn string) {
	switch f := c.Fun.(type) {
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			return id.Name, f.Sel.Name
		}
		return "", f.Sel.Name
	case *ast.Ident:
		return "", f.Name
	}
	return "", ""
}

func literal(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

// usedKeys returns every key passed to lang.L / lang.X as a literal.
func usedKeys(t *testing.T) map[string]string {
	fset, files := uiFiles(t)
	keys := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) == 0 {
				return true
			}
			if pkg, fn := callName(c); pkg == "lang" && (fn == "L" || fn == "X" || fn == "N") {
				if s, ok := literal(c.Args[0]); ok {
					keys[s] = fset.Position(c.Pos()).String()
				} else if fn != "X" {
					t.Errorf("%s: lang.%s with a computed key; use a literal so the bundles can be checked", fset.Position(c.Pos()), fn)
				}
			}
			return true
		})
	}
	return keys
}

var (
	placeholder = regexp.MustCompile(`{{[^}]*}}`)
	verbs       = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	scheme      = regexp.MustCompile(`^[a-z]+://$`) // "ftp://" + host: not words
)

// TestTranslationsComplete fails when a key the interface uses is missing
// in English or Chinese, when a bundle has a key nothing uses, or when a
// translation loses a {{.Placeholder}}.
func TestTranslationsComplete(t *testing.T) {
	keys := usedKeys(t)
	if len(keys) < 10 {
		t.Fatalf("only %d translated strings found; the scan is broken", len(keys))
	}
	for _, l := range languages {
		b, err := bundle(l.file)
		if err != nil {
			t.Fatalf("%s: %v", l.file, err)
		}
		if b[langKey] != l.code {
			t.Errorf("%s: %s = %q, want %q", l.file, langKey, b[langKey], l.code)
		}
		for k, where := range keys {
			v, ok := b[k]
			if !ok || strings.TrimSpace(v) == "" {
				t.Errorf("%s: no translation of %q (used at %s)", l.file, k, where)
				continue
			}
			want, got := placeholder.FindAllString(k, -1), placeholder.FindAllString(v, -1)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("%s: %q has placeholders %v, its key %v", l.file, v, got, want)
			}
			if wv, gv := verbs.FindAllString(k, -1), verbs.FindAllString(v, -1); !slices.Equal(wv, gv) {
				t.Errorf("%s: %q has verbs %v, its key %v (same order)", l.file, v, gv, wv)
			}
			if l.code == "en" && v != k {
				t.Errorf("%s: %q is translated as %q; the key is the English text", l.file, k, v)
			}
			if l.code == "zh" && !strings.ContainsFunc(v, func(r rune) bool { return unicode.Is(unicode.Han, r) }) && words(k) {
				t.Errorf("%s: %q is not translated (%q)", l.file, k, v)
			}
		}
		for k := range b {
			if _, ok := keys[k]; !ok && k != langKey && !strings.HasPrefix(k, "finding.") {
				t.Errorf("%s: %q is not used by the interface", l.file, k)
			}
		}
	}
}

// words reports whether a key has English words to translate (not only
// verbs, placeholders, file names or punctuation).
func words(k string) bool {
	k = verbs.ReplaceAllString(placeholder.ReplaceAllString(k, ""), "")
	for _, w := range strings.Fields(k) {
		if !strings.ContainsAny(w, "0123456789.-/") && strings.ContainsFunc(w, unicode.IsLower) {
			return true
		}
	}
	return false
}

// TestFindingTitlesTranslated: every catalogued finding has a Chinese title.
func TestFindingTitlesTranslated(t *testing.T) {
	zh, err := bundle("fgdesk.zh_Hans.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range finding.Catalogue() {
		if zh["finding."+s.Code] == "" {
			t.Errorf("fgdesk.zh_Hans.json: no title for finding %s (%q)", s.Code, s.Title)
		}
	}
}

// TestNoRawStrings: text given to widgets, tabs and dialogs goes through
// lang.L; a string literal with letters there is an untranslated string.
func TestNoRawStrings(t *testing.T) {
	// function name -> which arguments are user-visible text
	text := map[string][]int{
		"NewLabel": {0}, "NewLabelWithStyle": {0}, "NewButton": {0}, "NewButtonWithIcon": {0},
		"NewCheck": {0}, "NewCard": {0, 1}, "NewHyperlink": {0}, "NewAccordionItem": {0},
		"NewFormItem": {0}, "NewTabItem": {0}, "NewTabItemWithIcon": {0}, "NewRichTextWithText": {0},
		"ShowInformation": {0, 1}, "ShowConfirm": {0, 1}, "NewConfirm": {0, 1}, "NewInformation": {0, 1},
		"ShowCustom": {0, 1}, "NewCustom": {0, 1}, "ShowCustomConfirm": {0, 1, 2}, "NewCustomConfirm": {0, 1, 2},
		"SetText": {0}, "SetPlaceHolder": {0}, "SetTitle": {0}, "SetSubTitle": {0}, "SetTitleText": {0},
		"SetDismissText": {0}, "SetConfirmText": {0}, "showInfo": {0, 1}, "confirm": {0, 1},
		"NewMenuItem": {0}, "NewMenu": {0}, "chooseSave": {0}, "chooseOpen": {0}, "chooseFolder": {0},
		"entry": {1}, "multi": {1}, "mk": {1}, "setStatus": {0},
		"newTextEditor": {0}, "newFindingsView": {0}, "unlessDirty": {0}, "NewForm": {0, 1, 2}, "finish": {0},
		"NewRadioGroup": {}, "NewSelect": {},
	}
	fset, files := uiFiles(t)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			_, fn := callName(c)
			for _, i := range text[fn] {
				if i < len(c.Args) {
					rawText(c.Args[i], func(b *ast.BasicLit, s string) {
						t.Errorf("%s: %s(%q): wrap the text in lang.L", fset.Position(b.Pos()), fn, s)
					})
				}
			}
			return true
		})
	}
}

// rawText reports the literals with letters that make up a text argument:
// the argument itself, the parts of a + chain, or fmt.Sprintf's format.
// Other calls (lang.L, time layouts, file names) are not text.
func rawText(e ast.Expr, report func(*ast.BasicLit, string)) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if s, ok := literal(x); ok && strings.ContainsFunc(s, unicode.IsLetter) && !scheme.MatchString(s) {
			report(x, s)
		}
	case *ast.ParenExpr:
		rawText(x.X, report)
	case *ast.BinaryExpr:
		rawText(x.X, report)
		rawText(x.Y, report)
	case *ast.CallExpr:
		if pkg, fn := callName(x); pkg == "fmt" && fn == "Sprintf" && len(x.Args) > 0 {
			rawText(x.Args[0], report)
		}
	}
}

func asExpr(n ast.Node) ast.Expr {
	e, _ := n.(ast.Expr)
	return e
}

// TestLanguageChoice: the OS locale picks the language; a choice forces it.
func TestLanguageChoice(t *testing.T) {
	zh := func() bool { return lang.L("Language") == "语言" }
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	for _, tt := range []struct {
		env, choice string
		zh          bool
	}{
		{"en_US.UTF-8", "", false},
		{"zh_CN.UTF-8", "", true},
		{"zh_CN.UTF-8", "en", false},
		{"zh_CN.UTF-8", "", true},
		{"en_US.UTF-8", "zh", true},
		{"en_US.UTF-8", "en", false},
		{"fr_FR.UTF-8", "zh", true},
		{"en_US.UTF-8", "", false},
	} {
		t.Setenv("LANG", tt.env)
		setupLanguage(tt.choice)
		if zh() != tt.zh {
			t.Errorf("LANG=%s choice %q: %q is %q", tt.env, tt.choice, "Language", lang.L("Language"))
		}
		if want := map[bool]string{true: "zh", false: "en"}[tt.zh]; currentLanguage() != want {
			t.Errorf("LANG=%s choice %q: currentLanguage %q", tt.env, tt.choice, currentLanguage())
		}
	}
}

// TestFontCoversChinese: every character of the Chinese bundle is in the
// bundled font (scripts/cjkfont.sh adds them when it cuts the font).
func TestFontCoversChinese(t *testing.T) {
	f, err := sfnt.Parse(assets.CJKFont())
	if err != nil {
		t.Fatal(err)
	}
	zh, err := bundle("fgdesk.zh_Hans.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	missing := map[rune]bool{}
	// A space after Chinese is shaped with the Chinese font: it must be there.
	if g, err := f.GlyphIndex(&buf, ' '); err != nil || g == 0 {
		missing[' '] = true
	}
	for _, v := range zh {
		for _, r := range v {
			if r < 0x2E80 {
				continue
			}
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				missing[r] = true
			}
		}
	}
	if len(missing) > 0 {
		var rs []string
		for r := range missing {
			rs = append(rs, string(r))
		}
		t.Errorf("the CJK font lacks %s: run scripts/cjkfont.sh", strings.Join(rs, " "))
	}
}

// TestCountdownWords: every format meeting.CountdownIn uses is translated.
func TestCountdownWords(t *testing.T) {
	zh, err := bundle("fgdesk.zh_Hans.json")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for _, d := range []time.Duration{3 * time.Second, 5 * time.Minute, 3 * time.Hour, 5 * 24 * time.Hour, 90 * 24 * time.Hour, 3 * 365 * 24 * time.Hour} {
		for _, sign := range []time.Duration{1, -1} {
			meeting.CountdownIn(now, now.Add(sign*d), func(f string) string {
				seen[f] = true
				if countdownWord(f) == f && zh[f] == "" {
					t.Errorf("countdown format %q is not translated", f)
				}
				return f
			})
		}
	}
	if len(seen) != 8 {
		t.Errorf("saw %d formats, want 8: %v", len(seen), seen)
	}
}
