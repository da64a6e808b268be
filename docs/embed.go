// Package docs embeds milint's documentation: the rule pages
// (rules/MIxxx.md) that `milint explain` prints, and the model reference.
package docs

import (
	"embed"
	"io/fs"
	"strings"
)

// files holds the docs directory. The pattern is "*" rather than
// "rules/*.md" so that the package builds before the first rule page
// exists; only .md files are served.
//
//go:embed *
var files embed.FS

// RulePage returns docs/rules/<id>.md (id case-insensitive), if it exists.
func RulePage(id string) ([]byte, bool) {
	b, err := fs.ReadFile(files, "rules/"+strings.ToUpper(id)+".md")
	if err != nil {
		return nil, false
	}
	return b, true
}

// Model returns docs/model.md, the rule-author contract.
func Model() []byte {
	b, _ := fs.ReadFile(files, "model.md")
	return b
}
