import ts from 'typescript';

/** One place where a transaction callback reaches the root database. */
export type Finding = { file: string; line: number; text: string; via: string[] };

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** What a function does with the Ctx it is given at one parameter position. */
type Summary = {
  /** Non-empty when the body reaches `ctx.db` whatever the call passes: the chain of calls that does. */
  always: string[] | null;
  /** Parameter positions whose default value reads `ctx.db` (reached only when the call omits them). */
  defaults: Map<number, string[]>;
};

/**
 * Finds uses of the root database inside `….transaction(async (tx) => …)` callbacks: `ctx.db`
 * written in the callback, and calls that hand `ctx` to a function that reaches `ctx.db` (through
 * any chain of such calls, resolved with the type checker, counting default parameters only when
 * the call leaves them out). On PGlite such a query waits for ever for the connection the
 * transaction holds. Not followed: `ctx` spread or destructured, and calls through variables
 * holding functions.
 */
export function findRootDbInTransactions(program: ts.Program, include: (file: string) => boolean): Finding[] {
  const checker = program.getTypeChecker();
  const summaries = new Map<string, Summary>();
  const findings: Finding[] = [];

  const isCtx = (node: ts.Expression) => {
    const type = checker.getTypeAtLocation(node);
    return (type.aliasSymbol ?? type.getSymbol())?.getName() === 'Ctx';
  };
  const where = (node: ts.Node) => {
    const source = node.getSourceFile();
    return `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };

  function declarationOf(call: ts.CallExpression): FunctionNode | undefined {
    let symbol = checker.getSymbolAtLocation(call.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (!declaration) return undefined;
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
    if (
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
    )
      return declaration.initializer;
    return undefined;
  }

  /** The root-db chain a call reaches by passing a Ctx (matched by `isContext`) to its callee, or null. */
  function callReaches(call: ts.CallExpression, isContext: (e: ts.Expression) => boolean): string[] | null {
    const callee = declarationOf(call);
    if (!callee?.body) return null;
    const name = call.expression.getText();
    for (const [index, argument] of call.arguments.entries()) {
      if (!isContext(argument)) continue;
      const summary = summarise(callee, index);
      if (summary.always) return [`${name} (${where(call)})`, ...summary.always];
      for (const [position, chain] of summary.defaults) {
        if (position >= call.arguments.length)
          return [`${name} (${where(call)}) without argument ${position + 1}`, ...chain];
      }
    }
    return null;
  }

  /** Walks `root`, returning the first way it reaches the root database through a Ctx matched by `isContext`. */
  function reaches(root: ts.Node, isContext: (e: ts.Expression) => boolean): string[] | null {
    let found: string[] | null = null;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'db' && isContext(node.expression)) {
        found = [`${node.getText()} (${where(node)})`];
        return;
      }
      if (ts.isCallExpression(node)) {
        const chain = callReaches(node, isContext);
        if (chain) {
          found = chain;
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
    return found;
  }

  function summarise(fn: FunctionNode, index: number): Summary {
    const key = `${fn.getSourceFile().fileName}:${fn.pos}:${index}`;
    const known = summaries.get(key);
    if (known) return known;
    const summary: Summary = { always: null, defaults: new Map() };
    summaries.set(key, summary); // a recursive call sees the summary so far
    const parameter = fn.parameters[index];
    if (!parameter || !ts.isIdentifier(parameter.name) || !fn.body) return summary;
    const symbol = checker.getSymbolAtLocation(parameter.name);
    const isParameter = (e: ts.Expression) => ts.isIdentifier(e) && checker.getSymbolAtLocation(e) === symbol;
    summary.always = reaches(fn.body, isParameter);
    for (const [position, other] of fn.parameters.entries()) {
      const chain = other.initializer ? reaches(other.initializer, isParameter) : null;
      if (chain) summary.defaults.set(position, chain);
    }
    return summary;
  }

  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || !include(source.fileName)) continue;
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'transaction'
      ) {
        const callback = node.arguments[0];
        if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
          const chain = reaches(callback.body, (e) => isCtx(e));
          if (chain)
            findings.push({
              file: source.fileName,
              line: Number(where(node).split(':').at(-1)),
              text: node.expression.getText(),
              via: chain,
            });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}
