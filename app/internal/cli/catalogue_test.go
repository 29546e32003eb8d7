package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fgdesk/fgdesk/app/internal/finding"
)

// The catalogue's own tests live here because package cli links every
// package that reports findings, so finding.Catalogue is complete.

// appRoot is the module's app folder, where every Go file of FG Desk is.
const appRoot = "../.."

// goFile is one parsed Go file of the app.
type goFile struct {
	path string
	test bool
	ast  *ast.File
}

func parseApp(t *testing.T) []goFile {
	t.Helper()
	var out []goFile
	fset := token.NewFileSet()
	err := filepath.WalkDir(appRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		out = append(out, goFile{path, strings.HasSuffix(path, "_test.go"), f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// specName is the Go name of a code's spec: each word of the code
// capitalised, initialisms in capitals (SEC-PDF-JS: SecPDFJS,
// NAME-EXT-NOT-ACCEPTED: NameExtNotAccepted).
func specName(code string) string {
	var b strings.Builder
	for _, w := range strings.Split(code, "-") {
		switch w {
		case "PDF", "XML", "XLM", "DDE", "OLE", "JS", "OK", "URL", "URI", "FTP", "ID", "HTML":
			b.WriteString(w)
		default:
			b.WriteString(w[:1] + strings.ToLower(w[1:]))
		}
	}
	return b.String()
}

// isSpecLit reports whether e is a finding.Spec{...} literal, and returns
// its Code.
func isSpecLit(e ast.Expr) (code string, ok bool) {
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return "", false
	}
	sel, ok := cl.Type.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Spec" {
		return "", false
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "finding" {
		return "", false
	}
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Code" {
				if lit, ok := kv.Value.(*ast.BasicLit); ok {
					code, _ = strconv.Unquote(lit.Value)
				}
			}
		}
	}
	return code, true
}

// TestCatalogueSpecs: every spec of the program is declared once with
// finding.Define, under the Go name its code gives, with a family, a doc
// and a version; no finding.Spec literal lives outside Define.
func TestCatalogueSpecs(t *testing.T) {
	declared := map[string]string{} // code -> file
	for _, f := range parseApp(t) {
		if f.test {
			continue
		}
		defined := map[ast.Expr]bool{}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, v := range n.Values {
					call, ok := v.(*ast.CallExpr)
					if !ok || len(call.Args) != 1 || !isDefine(call.Fun) {
						continue
					}
					code, ok := isSpecLit(call.Args[0])
					if !ok {
						continue
					}
					defined[call.Args[0]] = true
					if want := specName(code); n.Names[i].Name != want {
						t.Errorf("%s: the spec of %s is named %s; name it %s", f.path, code, n.Names[i].Name, want)
					}
					if old, dup := declared[code]; dup {
						t.Errorf("%s: %s declared again (first in %s)", f.path, code, old)
					}
					declared[code] = f.path
				}
			case *ast.CompositeLit:
				if code, ok := isSpecLit(n); ok && !defined[n] && code != "" {
					t.Errorf("%s: spec %s is not declared with finding.Define", f.path, code)
				}
			}
			return true
		})
	}
	cat := finding.Catalogue()
	if len(cat) == 0 {
		t.Fatal("empty catalogue")
	}
	for _, s := range cat {
		if declared[s.Code] == "" {
			t.Errorf("%s is in the catalogue but declared by no `Name = finding.Define(finding.Spec{...})`", s.Code)
		}
		if s.Title == "" || s.Cite == "" || s.Family == "" || s.Since == "" || len(strings.Fields(s.Doc)) < 12 {
			t.Errorf("%s: title, cite, family, since and a doc of a few sentences are required: %+v", s.Code, s)
		}
		if _, ok := finding.LookupFamily(s.Family); !ok {
			t.Errorf("%s: family %q is not defined with finding.DefineFamily", s.Code, s.Family)
		}
	}
	for code, path := range declared {
		if _, ok := finding.Lookup(code); !ok {
			t.Errorf("%s (%s) is declared but not in the catalogue of the CLI: is its package linked?", code, path)
		}
	}
}

func isDefine(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Define" {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "finding"
}

// testedCodes returns the codes the test files name as expected results:
// a string literal that is exactly a code ("SEC-DDE"), or the spec's Go
// name (rules.SecDDE, SecDDE.Code).
func testedCodes(files []goFile, codes []string) map[string]bool {
	byName := map[string]string{}
	for _, c := range codes {
		byName[specName(c)] = c
	}
	isCode := map[string]bool{}
	for _, c := range codes {
		isCode[c] = true
	}
	seen := map[string]bool{}
	for _, f := range files {
		if !f.test || strings.HasSuffix(f.path, "catalogue_test.go") {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					if s, err := strconv.Unquote(n.Value); err == nil && isCode[s] {
						seen[s] = true
					}
				}
			case *ast.Ident:
				if c, ok := byName[n.Name]; ok {
					seen[c] = true
				}
			}
			return true
		})
	}
	return seen
}

// untested returns the codes no test names.
func untested(files []goFile, codes []string) []string {
	seen := testedCodes(files, codes)
	var out []string
	for _, c := range codes {
		if !seen[c] {
			out = append(out, c)
		}
	}
	return out
}

// TestEveryCodeTested fails when a cataloged code is named by no test as
// an expected result.
func TestEveryCodeTested(t *testing.T) {
	var codes []string
	for _, s := range finding.Catalogue() {
		codes = append(codes, s.Code)
	}
	if miss := untested(parseApp(t), codes); len(miss) > 0 {
		t.Errorf("no test expects %s: add a test case that produces each", strings.Join(miss, ", "))
	}
}

// TestUntested shows that the coverage check can fail: a code named by no
// test file is reported, one named by literal or by spec name is not.
func TestUntested(t *testing.T) {
	fset := token.NewFileSet()
	parse := func(path, src string) goFile {
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		return goFile{path, strings.HasSuffix(path, "_test.go"), f}
	}
	files := []goFile{
		parse("a_test.go", `package a; var want = []string{"SEC-DDE"}`),
		parse("b_test.go", `package b; var _ = rules.SecPDFJS.Code`),
		parse("c.go", `package c; var _ = "TPL-NOTE"`),                  // not a test
		parse("catalogue_test.go", `package cli; var _ = "REG-CLOSED"`), // the check itself
	}
	got := untested(files, []string{"SEC-DDE", "SEC-PDF-JS", "TPL-NOTE", "REG-CLOSED", "NEW-CODE"})
	if want := []string{"TPL-NOTE", "REG-CLOSED", "NEW-CODE"}; !slices.Equal(got, want) {
		t.Errorf("untested = %v, want %v", got, want)
	}
}

func TestSpecName(t *testing.T) {
	for code, want := range map[string]string{
		"SEC-DDE": "SecDDE", "SEC-PDF-OPENACTION": "SecPDFOpenaction", "NAME-EXT-NOT-ACCEPTED": "NameExtNotAccepted",
		"DEADLINE-OK": "DeadlineOK", "FILE-UNREADABLE": "FileUnreadable", "TPL-NO-HEADER": "TplNoHeader",
	} {
		if got := specName(code); got != want {
			t.Errorf("specName(%s) = %s, want %s", code, got, want)
		}
	}
}
