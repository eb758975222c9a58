#!/usr/bin/env python3
"""Writes the cmdlets' MAML help (en-US/FundMail.PowerShell.dll-Help.xml) from their C# source:
the [Cmdlet] attribute gives the name, each [Parameter] property its parameter, and the /// <summary> and
/// <example> comments above them the text. Usage: build-module-help.py CMDLET_DIR OUT_XML"""
import glob, html, os, re, sys

CMDLET = re.compile(r'\[Cmdlet\(\s*(?:Verbs\w+\.(\w+)|"(\w+)")\s*,\s*"(\w+)"')
CLASS = re.compile(r'class\s+(\w+)\s*:\s*(\w+)')
PROPERTY = re.compile(r'public\s+([\w.<>\[\]?]+)\s+(\w+)\s*\{\s*get;')


def doc_text(comment_lines, tag):
    text = ' '.join(l.strip()[3:].strip() for l in comment_lines)
    return [html.unescape(re.sub(r'\s+', ' ', m).strip()) for m in re.findall(rf'<{tag}>(.*?)</{tag}>', text)]


def logical_lines(text):
    """Source lines, with an attribute that spans several lines joined into one."""
    pending = ''
    for line in text.splitlines():
        if pending or line.strip().startswith('['):
            pending += (' ' if pending else '') + line.strip()
            if pending.count('[') > pending.count(']') or pending.count('(') > pending.count(')'):
                continue
            yield pending
            pending = ''
        else:
            yield line
    if pending:
        yield pending


def parse(path):
    lines = list(logical_lines(open(path, encoding='utf-8').read()))
    cmdlet, comments, attributes, parameters, classes = None, [], [], [], []
    for line in lines:
        s = line.strip()
        c = CLASS.search(s)
        if c and not s.startswith('///'):
            classes.append(c.groups())
        if s.startswith('///'):
            comments.append(s)
            continue
        if s.startswith('['):
            attributes.append(s)
            m = CMDLET.search(s)
            if m:
                cmdlet = {'verb': m.group(1) or m.group(2), 'noun': m.group(3), 'summary': doc_text(comments, 'summary'),
                          'examples': doc_text(comments, 'example')}
            continue
        m = PROPERTY.search(s)
        if m and any(a.startswith('[Parameter') for a in attributes):
            attrs = ' '.join(attributes)
            position = re.search(r'Position\s*=\s*(\d+)', attrs)
            parameters.append({'type': m.group(1).rstrip('?'), 'name': m.group(2),
                               'mandatory': 'Mandatory = true' in attrs,
                               'pipeline': 'ValueFromPipeline' in attrs,
                               'position': position.group(1) if position else 'named',
                               'summary': doc_text(comments, 'summary')})
        comments, attributes = [], []
    if cmdlet:
        cmdlet['parameters'] = parameters
        cmdlet['base'] = classes[0][1] if classes else None
        return cmdlet
    # A base class (no [Cmdlet]) whose parameters every cmdlet deriving from it inherits, such as -EnvFile.
    return {'class': classes[0][0], 'parameters': parameters} if classes and parameters else None


def para(text):
    return f'<maml:para>{html.escape(text, quote=False)}</maml:para>'


def parameter_xml(p):
    # A switch takes no value, so its help shows none.
    value = '' if p['type'] == 'SwitchParameter' else f'<command:parameterValue required="true">{p["type"]}</command:parameterValue>'
    return (f'<command:parameter required="{str(p["mandatory"]).lower()}" globbing="false" '
            f'pipelineInput="{"true (ByValue)" if p["pipeline"] else "false"}" position="{p["position"]}">'
            f'<maml:name>{p["name"]}</maml:name><maml:description>{"".join(para(t) for t in p["summary"])}</maml:description>'
            f'{value}<dev:type><maml:name>{p["type"]}</maml:name></dev:type></command:parameter>')


def command_xml(c):
    name = f'{c["verb"]}-{c["noun"]}'
    summary = c['summary'][0] if c['summary'] else name
    synopsis = re.split(r'(?<=\.)\s', summary, maxsplit=1)[0]
    params = ''.join(parameter_xml(p) for p in c['parameters'])
    examples = ''.join(
        f'<command:example><maml:title>-------------------------- Example {i} --------------------------</maml:title>'
        f'<dev:code>{html.escape(e, quote=False)}</dev:code><dev:remarks></dev:remarks></command:example>'
        for i, e in enumerate(c['examples'], 1))
    return (f'<command:command><command:details><command:name>{name}</command:name>'
            f'<command:verb>{c["verb"]}</command:verb><command:noun>{c["noun"]}</command:noun>'
            f'<maml:description>{para(synopsis)}</maml:description></command:details>'
            f'<maml:description>{para(summary)}</maml:description>'
            f'<command:syntax><command:syntaxItem><maml:name>{name}</maml:name>{params}</command:syntaxItem></command:syntax>'
            f'<command:parameters>{params}</command:parameters>'
            f'<command:examples>{examples}</command:examples>'
            f'<maml:relatedLinks><maml:navigationLink><maml:linkText>about_FundMail</maml:linkText></maml:navigationLink></maml:relatedLinks>'
            f'</command:command>')


def main(source_dir, out):
    parsed = [c for c in (parse(p) for p in sorted(glob.glob(os.path.join(source_dir, '*.cs')))) if c]
    bases = {c['class']: c['parameters'] for c in parsed if 'class' in c}
    cmdlets = [c for c in parsed if 'verb' in c]
    for c in cmdlets:
        c['parameters'] = c['parameters'] + bases.get(c['base'], [])
    body = '\n'.join(command_xml(c) for c in cmdlets)
    with open(out, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                '<!-- Generated by scripts/build-module-help.py from the cmdlets\' source comments. -->\n'
                '<helpItems schema="maml" xmlns="http://msh" '
                'xmlns:maml="http://schemas.microsoft.com/maml/2004/10" '
                'xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" '
                'xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">\n'
                f'{body}\n</helpItems>\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
