//go:build !armmodule

package bicep

import "github.com/milint/milint/parser"

type armBridge struct{}

func (b *armBridge) loadJSONModule(opts parser.Options, path string, params map[string]*parser.Value, callID string, from parser.Range) ([]*parser.Resource, []string, parser.Diagnostics, bool) {
	return nil, nil, nil, false
}
