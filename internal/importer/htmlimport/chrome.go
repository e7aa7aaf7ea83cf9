package htmlimport

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// never holds report content: code, embedded objects, form controls and
// charts (an SVG chart repeats figures the tables already give).
var never = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Canvas: true,
	atom.Select: true, atom.Button: true, atom.Input: true, atom.Textarea: true, atom.Nav: true,
	atom.Map: true, atom.Audio: true, atom.Video: true, atom.Aside: true, atom.Menu: true,
}

// chromeWords are class/id words of site chrome on government portals.
var chromeWords = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menubar": true, "submenu": true,
	"breadcrumb": true, "breadcrumbs": true, "crumb": true, "crumbs": true, "sidebar": true,
	"footer": true, "topbar": true, "toolbar": true, "share": true, "skip": true, "copyright": true,
}

var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "menu": true, "menubar": true, "search": true, "complementary": true,
}

// skipped tells whether an element is site chrome or hidden. A <header>
// or <footer> is chrome except inside <main>/<article>, where the header
// carries the report's own title.
func skipped(n *html.Node, inArticle bool) bool {
	if never[n.DataAtom] || hidden(n) {
		return true
	}
	if (n.DataAtom == atom.Header || n.DataAtom == atom.Footer) && !inArticle {
		return true
	}
	if chromeRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	for _, k := range []string{"class", "id"} {
		for _, w := range strings.FieldsFunc(strings.ToLower(attr(n, k)), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t'
		}) {
			if chromeWords[w] {
				return true
			}
		}
	}
	return false
}

func hidden(n *html.Node) bool {
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// blocks start a new line in the flow.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Header: true, atom.Footer: true, atom.Blockquote: true, atom.Pre: true,
	atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Center: true, atom.Form: true,
	atom.Fieldset: true, atom.Legend: true, atom.Hr: true, atom.Caption: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Body: true, atom.Html: true,
}

func isBlock(n *html.Node) bool { return blocks[n.DataAtom] }
