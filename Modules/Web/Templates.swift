/// The pages' templates. `layout` holds the document and the navigation; each page is `{{<layout}}` with its
/// `body` block filled in.
enum Templates {
    static let all: [(String, String)] = [
        ("layout", layout), ("sign-in", signIn), ("problem", problem), ("dashboard", dashboard), ("funnel", funnel),
        ("map", IndustryMapPage.template), ("referrals", ReferralsPage.template), ("aftercare", AftercarePage.template),
        ("activity", ActivityPage.template), ("enterprises", EnterprisePages.searchTemplate),
        ("enterprise", EnterprisePages.template),
    ]

    static let layout = """
        <!doctype html>
        <html lang="{{chrome.lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{chrome.title}} · ChainDesk</title>
        <link rel="stylesheet" href="/style.css">
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/">ChainDesk <span>招商引资</span></a>
          {{#chrome.signedIn}}
          <nav>{{#chrome.nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/chrome.nav}}</nav>
          {{/chrome.signedIn}}
          <div class="who">
            {{#chrome.signedIn}}<span>{{chrome.who}}</span>{{/chrome.signedIn}}
            <a href="{{chrome.otherLanguage.href}}" hreflang="{{chrome.otherLanguage.label}}">{{chrome.otherLanguage.label}}</a>
            {{#chrome.signedIn}}
            <form method="post" action="/sign-out"><input type="hidden" name="csrf" value="{{chrome.csrf}}">
            <button type="submit">{{chrome.signOut}}</button></form>
            {{/chrome.signedIn}}
          </div>
        </header>
        <main>
        <h1>{{chrome.title}}</h1>
        {{$body}}{{/body}}
        </main>
        </body>
        </html>
        """

    static let signIn = """
        {{<layout}}{{$body}}
        <form class="sign-in" method="post" action="/sign-in">
          {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
          <input type="hidden" name="csrf" value="{{csrf}}">
          {{#next}}<input type="hidden" name="next" value="{{next}}">{{/next}}
          <label>{{words.username}} <input name="username" autocomplete="username" required autofocus></label>
          <label>{{words.password}} <input name="password" type="password" autocomplete="current-password" required></label>
          <button type="submit">{{words.signIn}}</button>
        </form>
        {{/body}}{{/layout}}
        """

    static let problem = """
        {{<layout}}{{$body}}
        <p class="problem" role="alert"><b>{{status}}</b> {{message}}</p>
        <p><a href="/">ChainDesk</a></p>
        {{/body}}{{/layout}}
        """

    static let dashboard = """
        {{<layout}}{{$body}}
        <form class="period" method="get" action="/">
          <label>{{words.period}} <input type="month" name="period" value="{{period}}" required></label>
          <button type="submit">{{words.show}}</button>
        </form>
        {{#closing}}<p class="closed" id="closed">{{text}}</p>{{/closing}}
        <p class="sentence" id="sentence">{{sentence}}</p>
        <p class="exports">{{words.download}}: <a href="/reports/cumulative.xlsx?period={{period}}">XLSX</a>
        · <a href="/reports/cumulative.csv?period={{period}}">CSV</a></p>
        <table class="figures" id="cumulative">
          <thead><tr><th></th><th>{{words.majorProjects}}</th><th>{{words.totalInvestment}}</th></tr></thead>
          <tbody>
          {{#comparison}}<tr><th>{{label}}</th><td data-count="{{count}}">{{count}}</td>
          <td data-yuan="{{yuan}}">{{amount}}</td></tr>{{/comparison}}
          </tbody>
        </table>
        {{#closing}}
        <section id="since-closing">
          <h2>{{words.changedSinceClosing}} <small><a href="/reports/period.xlsx?period={{period}}">XLSX</a></small></h2>
          <p>{{words.currentFigure}}: <span id="current-sentence">{{current}}</span></p>
          <table id="differences">
            <thead><tr><th>{{words.project}}</th><th>{{words.kind}}</th><th class="n">{{words.closedFigure}}</th>
            <th class="n">{{words.currentFigure}}</th><th>{{words.changes}}</th></tr></thead>
            <tbody>
            {{#changes}}<tr data-id="{{id}}"><td>{{name}}</td><td>{{kind}}</td><td class="n">{{closedAmount}}</td>
            <td class="n">{{currentAmount}}</td><td>{{#changes}}<div>{{.}}</div>{{/changes}}</td></tr>{{/changes}}
            {{^changes}}<tr><td colspan="5">{{words.none}}</td></tr>{{/changes}}
            </tbody>
          </table>
        </section>
        {{/closing}}
        {{#mayClose}}<form class="period-act" method="post" action="/periods/{{period}}/close">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <label>{{words.note}} <input name="note" maxlength="200"></label>
          <button type="submit">{{words.closePeriod}}</button></form>{{/mayClose}}
        {{#mayReopen}}<form class="period-act" method="post" action="/periods/{{period}}/reopen">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <label>{{words.reason}} <input name="reason" maxlength="200" required></label>
          <button type="submit">{{words.reopenPeriod}}</button></form>{{/mayReopen}}
        <section>
          <h2>{{words.signedByMonth}}</h2>
          {{{chart}}}
        </section>
        <section>
          <h2>{{words.majorProjectsSigned}} <small>({{words.threshold}} {{threshold}})</small></h2>
          <table id="major-projects">
            <thead><tr><th>{{words.project}}</th><th>{{words.signedOn}}</th><th class="n">{{words.investment}}</th></tr>
            </thead>
            <tbody>
            {{{projectRows}}}
            </tbody>
            <tfoot><tr><th>{{words.total}}</th><th>{{projectCount}}</th><th class="n" data-yuan="{{totalYuan}}">{{total}}</th>
            </tr></tfoot>
          </table>
        </section>
        <section>
          <h2>{{words.awaitingVerification}}</h2>
          <table id="awaiting">
            <thead><tr><th>{{words.project}}</th><th>{{words.signedOn}}</th><th class="n">{{words.investment}}</th>
            {{#canVerify}}<th></th>{{/canVerify}}</tr></thead>
            <tbody>
            {{#awaiting}}<tr data-id="{{id}}"><td>{{name}}</td><td>{{signedOn}}</td>
            <td class="n" data-yuan="{{yuan}}">{{amount}}</td>
            {{#canVerify}}<td><form method="post" action="/projects/{{id}}/verify">
            <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="version" value="{{version}}">
            <button type="submit">{{words.verify}}</button></form></td>{{/canVerify}}</tr>{{/awaiting}}
            {{^awaiting}}<tr><td colspan="3">{{words.none}}</td></tr>{{/awaiting}}
            </tbody>
          </table>
        </section>
        {{/body}}{{/layout}}
        """

    static let funnel = """
        {{<layout}}{{$body}}
        <p class="exports">{{words.download}}: <a href="/reports/funnel.xlsx">XLSX</a>
        · <a href="/reports/funnel.csv">CSV</a></p>
        <section>{{{chart}}}</section>
        <table id="funnel">
          <thead><tr><th>{{words.stage}}</th><th class="n">{{words.reached}}</th><th class="n">{{words.conversionToNext}}</th>
          {{#statuses}}<th class="n">{{label}}</th>{{/statuses}}</tr></thead>
          <tbody>
          {{#stages}}<tr data-stage="{{stage}}"><td>{{label}}</td><td class="n">{{reached}}</td><td class="n">{{conversion}}</td>
          {{#now}}<td class="n">{{.}}</td>{{/now}}</tr>{{/stages}}
          </tbody>
        </table>
        <section>
          <h2>{{words.projectsNeedingAttention}}</h2>
          <table id="attention">
            <thead><tr><th>{{words.project}}</th><th>{{words.stage}}</th><th>{{words.status}}</th><th>{{words.reason}}</th>
            </tr></thead>
            <tbody>
            {{#attention}}<tr data-id="{{id}}"><td>{{name}}</td><td>{{stage}}</td><td>{{status}}</td><td>{{reason}}</td>
            </tr>{{/attention}}
            {{^attention}}<tr><td colspan="4">{{words.none}}</td></tr>{{/attention}}
            </tbody>
          </table>
        </section>
        {{/body}}{{/layout}}
        """
}
