package bicep

import (
	"sync"

	"github.com/milint/milint/parser"
	"github.com/milint/milint/parser/arm"
)

type armBridge struct {
	once sync.Once
	l    *arm.Loader
}

// loadJSONModule reads an ARM JSON module through the ARM front end.
func (b *armBridge) loadJSONModule(opts parser.Options, path string, params map[string]*parser.Value, callID string, from parser.Range) ([]*parser.Resource, []string, parser.Diagnostics, bool) {
	b.once.Do(func() { b.l = arm.NewLoader(opts) })
	res, _, files, diags := b.l.LoadModule(path, params, callID, from)
	return res, files, diags, true
}
