package tui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestTUIEvaluatesNoScenarioExpression keeps the rules in sim: the
// interface asks the engine which conditions hold (sim.Game.EndsHolding,
// ActionLock, LeverLock …) and never evaluates a scenario expression
// itself. The end screen once rebuilt the expression variables (turn,
// turns, final, rung) and called When.True on them, a copy of
// sim.Game.setVars that would drift from it as soon as a variable was
// added.
func TestTUIEvaluatesNoScenarioExpression(t *testing.T) {
	for _, f := range nonTestFiles(t) {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "True" || sel.Sel.Name == "Eval") {
				t.Errorf("%s: calls %s: ask sim whether a condition holds (Game.EndsHolding and the like)", f.fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// sourceFile is one of the package's Go files, parsed.
type sourceFile struct {
	name string
	fset *token.FileSet
	ast  *ast.File
}

// nonTestFiles parses the package's Go files other than its tests.
func nonTestFiles(t *testing.T) []sourceFile {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []sourceFile
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sourceFile{name, fset, f})
	}
	return out
}

// TestTUIDoesNotStepToExplain: the interface asks the engine for the
// briefing's ledger (Game.BriefingLedger) instead of stepping a clone of
// the game: the why? panel ran Clone().Step at every redraw, a full
// adjudication per seat per redraw on the server.
func TestTUIDoesNotStepToExplain(t *testing.T) {
	for _, f := range nonTestFiles(t) {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Step" {
				return true
			}
			if inner, ok := sel.X.(*ast.CallExpr); ok {
				if is, ok := inner.Fun.(*ast.SelectorExpr); ok && is.Sel.Name == "Clone" {
					t.Errorf("%s: steps a clone of the game: ask sim (Game.BriefingLedger and the like)", f.fset.Position(call.Pos()))
				}
			}
			return true
		})
	}
}
