package terraform

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/milint/milint/parser"
)

var callSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}

// LocalCalls returns the directories that the module in dir calls with a
// local, literal source ("./x", "../y"), cleaned and joined to dir. It reads
// the files through the loader's cache, so the files are parsed once for
// this and the later Load. The engine uses it to read a root before the
// modules it calls, which are linted through that root.
func (l *Loader) LocalCalls(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || !(strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			continue
		}
		fe := l.parseFile(filepath.Join(dir, n), parser.Range{})
		if fe.file == nil || fe.file.Body == nil {
			continue
		}
		content, _, _ := fe.file.Body.PartialContent(callSchema)
		if content == nil {
			continue
		}
		for _, b := range content.Blocks {
			attrs, _ := b.Body.JustAttributes()
			src := attrs["source"]
			if src == nil {
				continue
			}
			v, diags := src.Expr.Value(nil)
			if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type().FriendlyName() != "string" {
				continue
			}
			if s := v.AsString(); isLocalSource(s) {
				out = append(out, filepath.Clean(filepath.Join(dir, filepath.FromSlash(strings.ReplaceAll(s, `\`, "/")))))
			}
		}
	}
	return out
}
