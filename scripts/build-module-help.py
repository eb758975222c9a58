#!/usr/bin/env python3
"""Writes the cmdlets' MAML help (en-US/FundMail.PowerShell.dll-Help.xml) from their C# source, so that Get-Help shows
what PowerShell's own cmdlets show:
  [Cmdlet]                  name; one SYNTAX item per parameter set (the default first); -WhatIf/-Confirm when it
                            has SupportsShouldProcess
  [Parameter] (one or more) per set: Mandatory, Position, pipeline input by value and/or by property name
  [Alias], [SupportsWildcards], a property initializer that is a real default (a number, a non-empty string)
  [OutputType]              OUTPUTS, each described by a  /// <output type="Type.Name">one line</output>  comment
  pipeline parameters       INPUTS
  /// <summary>, <example>  the text.
Usage: build-module-help.py CMDLET_DIR OUT_XML"""
import glob, html, os, re, sys

CMDLET = re.compile(r'\[Cmdlet\(\s*(?:Verbs\w+\.(\w+)|"(\w+)")\s*,\s*"(\w+)"(.*)\)\s*\]')
CLASS = re.compile(r'class\s+(\w+)\s*:\s*(\w+)')
PROPERTY = re.compile(r'public\s+([\w.<>\[\]?]+)\s+(\w+)\s*\{\s*get;[^}]*\}\s*(?:=\s*(.+?)\s*;)?')
CONSTANT = re.compile(r'const\s+string\s+(\w+)\s*=\s*"([^"]*)"')
SHARED_CONSTANTS = {}
ALL_SETS = None
# Full names for the types FundMail's parameters and outputs use, as INPUTS/OUTPUTS and dev:type name them.
FULL_NAMES = {'string': 'System.String', 'int': 'System.Int32', 'long': 'System.Int64', 'bool': 'System.Boolean',
              'DateTime': 'System.DateTime', 'PSObject': 'System.Management.Automation.PSObject',
              'SecureString': 'System.Security.SecureString', 'SwitchParameter': 'System.Management.Automation.SwitchParameter'}


def full_name(type_name):
    element = type_name.rstrip('[]')
    return FULL_NAMES.get(element, element) + type_name[len(element):]


def comment_text(comment_lines):
    return ' '.join(l.strip()[3:].strip() for l in comment_lines)


def doc_text(comment_lines, tag):
    return [html.unescape(re.sub(r'\s+', ' ', m).strip()) for m in re.findall(rf'<{tag}>(.*?)</{tag}>', comment_text(comment_lines))]


def doc_outputs(comment_lines):
    return {t: html.unescape(re.sub(r'\s+', ' ', d).strip())
            for t, d in re.findall(r'<output\s+type="([^"]+)"\s*>(.*?)</output>', comment_text(comment_lines))}


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


def named_argument(attribute, name):
    m = re.search(rf'\b{name}\s*=\s*([^,)]+)', attribute)
    return m.group(1).strip() if m else None


def set_name(expression, constants):
    """A parameter set name as written: a string literal or a constant of the class."""
    if expression is None:
        return ALL_SETS
    return expression.strip('"') if expression.startswith('"') else constants[expression]


def binding(attribute):
    """What one [Parameter(...)] says for its parameter set."""
    position = named_argument(attribute, 'Position')
    return {'set': named_argument(attribute, 'ParameterSetName'),
            'mandatory': named_argument(attribute, 'Mandatory') == 'true',
            'position': position if position else 'named',
            'by_value': named_argument(attribute, 'ValueFromPipeline') == 'true',
            'by_name': named_argument(attribute, 'ValueFromPipelineByPropertyName') == 'true'}


def real_default(initializer):
    """A property initializer is shown as the default only when it is one: not "", an empty array or a new object."""
    if initializer is None:
        return None
    if re.fullmatch(r'-?\d+(\.\d+)?', initializer):
        return initializer
    m = re.fullmatch(r'"(.+)"', initializer)
    return m.group(1) if m else None


def output_types(attributes):
    """Each [OutputType("Name")], [OutputType(Class.Constant)] (a string constant of the cmdlets' source) or
    [OutputType(typeof(T))], several per attribute allowed; ParameterSetName ignored."""
    names = []
    for a in attributes:
        if a.startswith('[OutputType'):
            arguments = re.sub(r'ParameterSetName\s*=.*', '', a)
            pattern = r'"([^"]+)"|typeof\(\s*([\w.\[\]]+)\s*\)|\b(\w+\.\w+)\b'
            names += [m[0] or (full_name(m[1]) if m[1] else SHARED_CONSTANTS[m[2]]) for m in re.findall(pattern, arguments)]
    return names


def parse(path):
    lines = list(logical_lines(open(path, encoding='utf-8').read()))
    cmdlet, comments, attributes, parameters, classes = None, [], [], [], []
    constants = dict(CONSTANT.findall('\n'.join(lines)))
    for line in lines:
        s = line.strip()
        if s.startswith('///'):
            comments.append(s)
            continue
        if s.startswith('['):
            attributes.append(s)
            continue
        c = CLASS.search(s)
        if c:
            classes.append(c.groups())
            m = next((CMDLET.search(a) for a in attributes if CMDLET.search(a)), None)
            if m and cmdlet is None:
                rest = m.group(4)
                default_set = named_argument(rest, 'DefaultParameterSetName')
                cmdlet = {'verb': m.group(1) or m.group(2), 'noun': m.group(3), 'summary': doc_text(comments, 'summary'),
                          'examples': doc_text(comments, 'example'), 'outputs': output_types(attributes),
                          'output_docs': doc_outputs(comments),
                          'should_process': named_argument(rest, 'SupportsShouldProcess') == 'true',
                          'default_set': set_name(default_set, constants) if default_set else ALL_SETS}
        m = PROPERTY.search(s)
        if m and any(a.startswith('[Parameter') for a in attributes):
            attrs = ' '.join(attributes)
            alias = next((a for a in attributes if a.startswith('[Alias')), '')
            sets = {}
            for a in attributes:
                if a.startswith('[Parameter'):
                    b = binding(a)
                    sets[set_name(b.pop('set'), constants)] = b
            parameters.append({'type': m.group(1).rstrip('?'), 'name': m.group(2), 'sets': sets,
                               'aliases': re.findall(r'"([^"]+)"', alias),
                               'globbing': re.search(r'\[SupportsWildcards\b', attrs) is not None,
                               'default': real_default(m.group(3)),
                               'summary': doc_text(comments, 'summary')})
        comments, attributes = [], []
    if cmdlet:
        cmdlet['parameters'] = parameters
        cmdlet['base'] = classes[0][1] if classes else None
        return cmdlet
    # A base class (no [Cmdlet]) whose parameters every cmdlet deriving from it inherits, such as -EnvFile.
    return {'class': classes[0][0], 'parameters': parameters} if classes and parameters else None


def should_process_parameters():
    switch = {'type': 'SwitchParameter', 'sets': {ALL_SETS: binding('')}, 'globbing': False, 'default': None}
    return [dict(switch, name='WhatIf', aliases=['wi'], summary=['Shows what the cmdlet would do, without doing it.']),
            dict(switch, name='Confirm', aliases=['cf'], summary=['Asks for confirmation before each change.'])]


def parameter_sets(c):
    """Named sets, the default first, then in the order the source names them; one unnamed set when there are none."""
    named = [c['default_set']] if c['default_set'] else []
    for p in c['parameters']:
        named += [s for s in p['sets'] if s is not ALL_SETS and s not in named]
    return named or [ALL_SETS]


def in_set(p, name):
    return p['sets'].get(name) or p['sets'].get(ALL_SETS)


def pipeline_input(bindings):
    kinds = [k for k, key in (('ByValue', 'by_value'), ('ByPropertyName', 'by_name')) if any(b[key] for b in bindings)]
    return f'true ({", ".join(kinds)})' if kinds else 'false'


def para(text):
    return f'<maml:para>{html.escape(text, quote=False)}</maml:para>'


def value_xml(p):
    # A switch takes no value, so its help shows none.
    if p['type'] == 'SwitchParameter':
        return ''
    return f'<command:parameterValue required="true">{html.escape(p["type"])}</command:parameterValue>'


def type_xml(p):
    return f'<dev:type><maml:name>{html.escape(full_name(p["type"]))}</maml:name></dev:type>'


def syntax_item_xml(name, parameters, parameter_set):
    # PowerShell's own order: positional parameters by position, then mandatory named ones, then the rest.
    members = [(p, in_set(p, parameter_set)) for p in parameters if in_set(p, parameter_set)]
    positional = sorted((m for m in members if m[1]['position'] != 'named'), key=lambda m: int(m[1]['position']))
    named = [m for m in members if m[1]['position'] == 'named']
    ordered = positional + [m for m in named if m[1]['mandatory']] + [m for m in named if not m[1]['mandatory']]
    return (f'<command:syntaxItem><maml:name>{name}</maml:name>' + ''.join(
        f'<command:parameter required="{str(b["mandatory"]).lower()}" globbing="{str(p["globbing"]).lower()}" '
        f'pipelineInput="{pipeline_input([b])}" position="{b["position"]}"><maml:name>{p["name"]}</maml:name>'
        f'{value_xml(p)}{type_xml(p)}</command:parameter>' for p, b in ordered) + '</command:syntaxItem>')


def parameter_xml(p, sets):
    bindings = {s: in_set(p, s) for s in sets if in_set(p, s)}
    states = {(b['mandatory'], b['position']) for b in bindings.values()}
    text = [para(t) for t in p['summary']]
    if len(states) > 1:
        # Mandatory or Position differ between its sets: the SYNTAX items are exact, this says it in words.
        text.append(para('In parameter set ' + '; in '.join(
            f'{s}: {"mandatory" if b["mandatory"] else "optional"}, '
            f'{"named" if b["position"] == "named" else "position " + b["position"]}' for s, b in bindings.items()) + '.'))
    positions = {b['position'] for b in bindings.values()}
    position = positions.pop() if len(positions) == 1 else ', '.join(f'{b["position"]} ({s})' for s, b in bindings.items())
    default = f'<dev:defaultValue>{html.escape(p["default"], quote=False)}</dev:defaultValue>' if p['default'] else ''
    aliases = html.escape(', '.join(p['aliases']) or 'None')
    return (f'<command:parameter required="{str(all(b["mandatory"] for b in bindings.values())).lower()}" '
            f'globbing="{str(p["globbing"]).lower()}" pipelineInput="{pipeline_input(bindings.values())}" '
            f'position="{position}" aliases="{aliases}"><maml:name>{p["name"]}</maml:name>'
            f'<maml:description>{"".join(text)}</maml:description>{value_xml(p)}{type_xml(p)}{default}</command:parameter>')


def or_list(words):
    return words[0] if len(words) == 1 else ', '.join(words[:-1]) + ' or ' + words[-1]


def inputs_xml(c, name):
    items = []
    for p in c['parameters']:
        bindings = list(p['sets'].values())
        ways = (['by value'] if any(b['by_value'] for b in bindings) else []) + (
            ['by property name, from a property named ' + or_list([p['name']] + p['aliases'])]
            if any(b['by_name'] for b in bindings) else [])
        if ways:
            text = ' '.join(p['summary'] + [f'-{p["name"]} takes it {" and ".join(ways)}.'])
            items.append((full_name(p['type']), text))
    items = items or [('None', f'You cannot pipe objects to {name}.')]
    return '<command:inputTypes>' + ''.join(
        f'<command:inputType><dev:type><maml:name>{html.escape(t)}</maml:name></dev:type>'
        f'<maml:description>{para(d)}</maml:description></command:inputType>' for t, d in items) + '</command:inputTypes>'


def outputs_xml(c, name):
    for t in c['outputs']:
        if t not in c['output_docs']:
            sys.exit(f'build-module-help: {name} declares [OutputType("{t}")] but its comment has no '
                     f'/// <output type="{t}">...</output> line; add one to describe it in OUTPUTS')
    for t in c['output_docs']:
        if t not in c['outputs']:
            sys.exit(f'build-module-help: {name} describes output {t}, which no [OutputType] declares')
    return '<command:returnValues>' + ''.join(
        f'<command:returnValue><dev:type><maml:name>{html.escape(t)}</maml:name></dev:type>'
        f'<maml:description>{para(c["output_docs"].get(t, ""))}</maml:description></command:returnValue>'
        for t in c['outputs']) + '</command:returnValues>'


def command_xml(c):
    name = f'{c["verb"]}-{c["noun"]}'
    summary = c['summary'][0] if c['summary'] else name
    synopsis = re.split(r'(?<=\.)\s', summary, maxsplit=1)[0]
    parameters = c['parameters'] + (should_process_parameters() if c['should_process'] else [])
    sets = parameter_sets(c)
    examples = ''.join(
        f'<command:example><maml:title>-------------------------- Example {i} --------------------------</maml:title>'
        f'<dev:code>{html.escape(e, quote=False)}</dev:code><dev:remarks></dev:remarks></command:example>'
        for i, e in enumerate(c['examples'], 1))
    return (f'<command:command><command:details><command:name>{name}</command:name>'
            f'<command:verb>{c["verb"]}</command:verb><command:noun>{c["noun"]}</command:noun>'
            f'<maml:description>{para(synopsis)}</maml:description></command:details>'
            f'<maml:description>{para(summary)}</maml:description>'
            f'<command:syntax>{"".join(syntax_item_xml(name, parameters, s) for s in sets)}</command:syntax>'
            f'<command:parameters>{"".join(parameter_xml(p, sets) for p in parameters)}</command:parameters>'
            f'{inputs_xml(c, name)}{outputs_xml(c, name)}'
            f'<command:examples>{examples}</command:examples>'
            f'<maml:relatedLinks><maml:navigationLink><maml:linkText>about_FundMail</maml:linkText></maml:navigationLink></maml:relatedLinks>'
            f'</command:command>')


def main(source_dir, out):
    # String constants any cmdlet may name in an attribute, as Class.Name (DomainObjects.Mail, say).
    for path in glob.glob(os.path.join(source_dir, '**', '*.cs'), recursive=True):
        text = open(path, encoding='utf-8').read()
        owner = re.search(r'class\s+(\w+)', text)
        for constant, value in CONSTANT.findall(text):
            if owner:
                SHARED_CONSTANTS[owner.group(1) + '.' + constant] = value
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
