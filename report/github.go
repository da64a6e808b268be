package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/rules"
)

// GitHub writes GitHub Actions workflow commands, one annotation per
// finding and per input error:
//
//	::warning file=infra/kv.bicep,line=4,col=5,endLine=4,endColumn=34,title=MI201::kv uses access policies
//
// error, warning and note map to ::error, ::warning and ::notice. Paths are
// relative to Root (the repository root, which is where a workflow checks
// the code out), so annotations land on the pull request's files.
type GitHub struct {
	Root string
}

func init() {
	Register("github", func(c Config) Formatter { return &GitHub{Root: c.Root} })
}

func githubCommand(s lint.Severity) string {
	switch s {
	case lint.SevError:
		return "error"
	case lint.SevWarning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Write implements Formatter.
func (g *GitHub) Write(w io.Writer, r *lint.Result, _ []rules.Metadata) error {
	root := g.Root
	if root == "" {
		if wd, err := os.Getwd(); err == nil {
			root = lint.FindRoot(wd)
		}
	}
	bw := bufio.NewWriter(w)
	for _, d := range r.Errors {
		props := []string{}
		if rel := lint.RelPath(root, d.Subject.File); rel != "" {
			props = append(props, "file="+escapeProperty(rel))
			if d.Subject.Start.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Subject.Start.Line), fmt.Sprintf("col=%d", max(d.Subject.Start.Column, 1)))
			}
		}
		props = append(props, "title=milint")
		fmt.Fprintf(bw, "::error %s::%s\n", strings.Join(props, ","), escapeData(d.Message()))
	}
	for _, f := range r.Findings {
		var props []string
		if rel := lint.RelPath(root, f.Range.File); rel != "" {
			props = append(props, "file="+escapeProperty(rel))
			if f.Range.Start.Line > 0 {
				sl, sc := f.Range.Start.Line, max(f.Range.Start.Column, 1)
				el, ec := f.Range.End.Line, f.Range.End.Column
				if el < sl {
					el, ec = sl, sc
				}
				if ec < 1 || (el == sl && ec < sc) {
					ec = sc
				}
				props = append(props, fmt.Sprintf("line=%d", sl), fmt.Sprintf("col=%d", sc),
					fmt.Sprintf("endLine=%d", el), fmt.Sprintf("endColumn=%d", ec))
			}
		}
		props = append(props, "title="+escapeProperty(f.Rule))
		msg := f.Message
		if f.Slug != "" {
			msg += " (" + f.Rule + " " + f.Slug + ")"
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", githubCommand(f.Severity), strings.Join(props, ","), escapeData(msg))
	}
	return bw.Flush()
}
