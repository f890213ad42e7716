<?xml version="1.0" encoding="UTF-8"?>
<!-- _areas.xsl: what the project area pages share (portal and staff): the project header with
     its tabs, shift rows, the hidden CSRF field. Imports _layout.xsl. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <xsl:variable name="pid" select="/page/project/@id"/>
  <xsl:variable name="pbase" select="concat($mount, '/projects/', /page/project/@id)"/>
  <!-- Planung: the page of each shift list on view (paged="KEY"), kept by every link of the page
       that does not page that list itself, so paging one list or the weeks leaves the others. -->
  <xsl:variable name="kept-upcoming"><xsl:if test="/page/upcoming/@paged">&amp;upcoming=<xsl:value-of select="/page/upcoming/@paged"/></xsl:if></xsl:variable>
  <xsl:variable name="kept-past"><xsl:if test="/page/past/@paged">&amp;past=<xsl:value-of select="/page/past/@paged"/></xsl:if></xsl:variable>
  <xsl:variable name="kept-cancelled"><xsl:if test="/page/cancelled/@paged">&amp;cancelled=<xsl:value-of select="/page/cancelled/@paged"/></xsl:if></xsl:variable>
  <xsl:variable name="kept-all" select="concat($kept-upcoming, $kept-past, $kept-cancelled)"/>
  <!-- All three, as the query of a form's address (the staff's shift form and delete buttons),
       so the page after a save or delete shows the same pages of the lists. -->
  <xsl:variable name="kept-lists"><xsl:if test="$kept-all">?<xsl:value-of select="substring($kept-all, 2)"/></xsl:if></xsl:variable>

  <!-- Project name, address and one tab per permitted area (portal) or per staff area (admin). -->
  <xsl:template name="project-header">
    <xsl:param name="area"/>
    <p class="crumbs"><a href="{$mount}/"><xsl:value-of select="kp:t(concat('nav.', substring('overviewprojects', 1 + 8 * ($app = 'admin'), 8)))"/></a> ›
      <a href="{$pbase}"><xsl:value-of select="/page/project/name"/></a></p>
    <h1><xsl:value-of select="/page/project/name"/>
      <xsl:if test="string(/page/project/number)"> <span class="meta"> (<xsl:value-of select="/page/project/number"/>)</span></xsl:if></h1>
    <nav class="tabs" aria-label="{kp:t('project.areas')}">
      <ul>
        <xsl:choose>
          <xsl:when test="$app = 'admin'">
            <xsl:call-template name="staff-tab"><xsl:with-param name="k">planning</xsl:with-param><xsl:with-param name="area" select="$area"/></xsl:call-template>
            <xsl:call-template name="staff-tab"><xsl:with-param name="k">times</xsl:with-param><xsl:with-param name="area" select="$area"/></xsl:call-template>
            <xsl:call-template name="staff-tab"><xsl:with-param name="k">documents</xsl:with-param><xsl:with-param name="area" select="$area"/></xsl:call-template>
            <xsl:call-template name="staff-tab"><xsl:with-param name="k">messages</xsl:with-param><xsl:with-param name="area" select="$area"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:for-each select="/page/project/permissions/perm">
              <li><a href="{$pbase}/{@area}">
                <xsl:if test="@area = $area"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
                <xsl:value-of select="kp:t(concat('area.', @area))"/></a></li>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="staff-tab">
    <xsl:param name="k"/>
    <xsl:param name="area"/>
    <li><a href="{$pbase}/{$k}">
      <xsl:if test="$k = $area"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
      <xsl:value-of select="kp:t(concat('area.', $k))"/></a></li>
  </xsl:template>

  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
  </xsl:template>

  <!-- One shift: its time (with $with-date its day too); with $editable (staff) the links to
       edit and delete it. A cancelled one (@cancelled: when, UTC) says so and has neither. -->
  <xsl:template name="shift-row">
    <xsl:param name="with-date"/>
    <xsl:param name="editable"/>
    <li class="row">
      <xsl:if test="@cancelled"><xsl:attribute name="class">row cancelled</xsl:attribute></xsl:if>
      <span class="when"><xsl:if test="$with-date"><xsl:value-of select="kp:date(@start)"/>, </xsl:if><xsl:value-of select="kp:time(@start)"/>–<xsl:value-of select="kp:time(@end)"/></span>
      <span class="what"><xsl:value-of select="activity"/></span>
      <xsl:if test="employee"><span class="who"><xsl:value-of select="employee"/></span></xsl:if>
      <xsl:if test="note"><span class="note preline"><xsl:value-of select="note"/></span></xsl:if>
      <xsl:if test="@cancelled"><span class="badge cancelled"><xsl:value-of select="kp:t('planning.cancelled_at', kp:datetime(@cancelled))"/></span></xsl:if>
      <xsl:if test="$editable and not(@cancelled)">
        <div class="actions">
          <a class="button small" href="{$pbase}/planning?week={/page/week/@monday}{$kept-all}&amp;edit={@id}#shift-form"><xsl:value-of select="kp:t('staff.edit')"/></a>
          <xsl:call-template name="delete-button"><xsl:with-param name="action" select="concat($pbase, '/planning/', @id, '/delete', $kept-lists)"/><xsl:with-param name="what" select="concat(kp:date(@start), ', ', kp:time(@start), ', ', activity)"/></xsl:call-template>
        </div>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- The cancelled shifts still to come, a page at a time, when there are any (or when a later
       page is on view, so its way back to the first stays). -->
  <xsl:template name="cancelled-shifts">
    <xsl:variable name="list" select="/page/cancelled"/>
    <xsl:if test="$list/shift or $list/@paged">
      <section id="cancelled">
        <h2><xsl:value-of select="kp:t('planning.cancelled')"/></h2>
        <xsl:if test="$list/shift">
          <ul class="rows">
            <xsl:for-each select="$list/shift">
              <xsl:call-template name="shift-row"><xsl:with-param name="with-date" select="true()"/></xsl:call-template>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <xsl:call-template name="key-pager">
          <xsl:with-param name="list" select="$list"/>
          <xsl:with-param name="first" select="concat($pbase, '/planning?week=', /page/week/@monday, $kept-upcoming, $kept-past)"/>
          <xsl:with-param name="param" select="'cancelled'"/>
          <xsl:with-param name="anchor" select="'cancelled'"/>
          <xsl:with-param name="texts" select="'planning.cancelled'"/>
        </xsl:call-template>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The upcoming or past shifts ($list: <upcoming> or <past>), a page at a time: the link to
       the next page carries the key of the last shift shown, and the week on view. -->
  <xsl:template name="shift-list">
    <xsl:param name="list"/>
    <xsl:param name="editable"/>
    <xsl:variable name="name" select="local-name($list)"/>
    <xsl:variable name="kept-other">
      <xsl:choose>
        <xsl:when test="$name = 'upcoming'"><xsl:value-of select="concat($kept-past, $kept-cancelled)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat($kept-upcoming, $kept-cancelled)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <section id="{$name}">
      <h2><xsl:value-of select="kp:t(concat('planning.', $name))"/></h2>
      <xsl:choose>
        <xsl:when test="$list/shift">
          <ul class="rows">
            <xsl:for-each select="$list/shift">
              <xsl:call-template name="shift-row">
                <xsl:with-param name="with-date" select="true()"/>
                <xsl:with-param name="editable" select="$editable"/>
              </xsl:call-template>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t(concat('planning.none_', $name))"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="key-pager">
        <xsl:with-param name="list" select="$list"/>
        <xsl:with-param name="first" select="concat($pbase, '/planning?week=', /page/week/@monday, $kept-other)"/>
        <xsl:with-param name="param" select="$name"/>
        <xsl:with-param name="anchor" select="$name"/>
        <xsl:with-param name="texts" select="concat('planning.', $name)"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- Below a list paged by key (kp_list_key): back to its first page ($first) and on to the
       next ($list/@more, as the parameter $param), both to the list's place on the page
       ($anchor). The texts: $texts (the list's name), $texts_first and $texts_more. -->
  <xsl:template name="key-pager">
    <xsl:param name="list"/>
    <xsl:param name="first"/>
    <xsl:param name="param"/>
    <xsl:param name="anchor"/>
    <xsl:param name="texts"/>
    <xsl:if test="$list/@more or $list/@paged">
      <nav class="pager" aria-label="{kp:t($texts)}">
        <xsl:if test="$list/@paged"><a href="{$first}#{$anchor}"><xsl:value-of select="kp:t(concat($texts, '_first'))"/></a></xsl:if>
        <xsl:if test="$list/@more"><a href="{$first}{substring('?&amp;', 1 + contains($first, '?'), 1)}{$param}={$list/@more}#{$anchor}" rel="next"><xsl:value-of select="kp:t(concat($texts, '_more'))"/></a></xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The week view: seven days, each with its shifts; previous / next week links. -->
  <xsl:template name="week-view">
    <xsl:param name="editable"/>
    <xsl:variable name="base" select="concat($pbase, '/planning')"/>
    <xsl:variable name="w" select="/page/week"/>
    <nav class="pager" aria-label="{kp:t('planning.weeks')}">
      <a href="{$base}?week={$w/@prev}{$kept-all}" rel="prev"><xsl:value-of select="kp:t('planning.prev_week')"/></a>
      <strong><xsl:value-of select="kp:t('planning.week_of', kp:date($w/@monday))"/></strong>
      <a href="{$base}?week={$w/@next}{$kept-all}" rel="next"><xsl:value-of select="kp:t('planning.next_week')"/></a>
    </nav>
    <ol class="week">
      <xsl:for-each select="$w/day">
        <li class="day">
          <h3><xsl:value-of select="kp:t(concat('wd.', @wd))"/>, <xsl:value-of select="kp:date(@date)"/></h3>
          <xsl:choose>
            <xsl:when test="shift">
              <ul class="rows">
                <xsl:for-each select="shift">
                  <xsl:call-template name="shift-row"><xsl:with-param name="editable" select="$editable"/></xsl:call-template>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><p class="empty small"><xsl:value-of select="kp:t('planning.free')"/></p></xsl:otherwise>
          </xsl:choose>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <!-- Arbeitszeiten: month filter, weeks with days and entries, totals, resources. With
       $editable (staff) every entry and resource links to its edit form. -->
  <xsl:template name="times-body">
    <xsl:param name="editable"/>
    <xsl:variable name="t" select="/page/times"/>
    <form method="get" action="{$pbase}/times" class="filter">
      <label for="month"><xsl:value-of select="kp:t('times.month')"/></label>
      <select id="month" name="month">
        <option value="all"><xsl:value-of select="kp:t('times.all_months')"/></option>
        <xsl:for-each select="$t/months/m">
          <option value="{.}"><xsl:if test=". = $t/@month"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="substring(., 6, 2)"/>/<xsl:value-of select="substring(., 1, 4)"/></option>
        </xsl:for-each>
      </select>
      <button type="submit"><xsl:value-of select="kp:t('times.show')"/></button>
      <a class="button" href="{$mount}/projects/{$pid}/times.csv?month={$t/@month}{substring('all', 1, 3 * not(string($t/@month)))}"><xsl:value-of select="kp:t('times.download_csv')"/></a>
    </form>
    <p class="total"><xsl:value-of select="kp:t('times.total')"/>: <strong><xsl:value-of select="kp:hours($t/@minutes)"/></strong></p>
    <xsl:if test="$t/@entries">
      <p class="alert" role="status"><xsl:value-of select="kp:t('times.cut', $t/@shown, $t/@entries)"/></p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$t/week">
        <xsl:for-each select="$t/week">
          <section class="week-block">
            <h2><xsl:choose>
              <xsl:when test="@from"><xsl:value-of select="kp:t('times.week_in_month', @kw, concat(kp:date(@from), '–', kp:date(@to)))"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="kp:t('times.week', @kw)"/></xsl:otherwise>
            </xsl:choose> <span class="sum"><xsl:value-of select="kp:hours(@minutes)"/></span></h2>
            <xsl:for-each select="day">
              <h3 class="dayhead"><xsl:value-of select="kp:date(@date)"/> <span class="sum"><xsl:value-of select="kp:hours(@minutes)"/></span></h3>
              <ul class="rows">
                <xsl:for-each select="entry">
                  <li class="row">
                    <span class="when"><xsl:if test="@from"><xsl:value-of select="@from"/>–<xsl:value-of select="@to"/>, </xsl:if><xsl:value-of select="kp:hours(@minutes)"/></span>
                    <span class="what"><xsl:value-of select="activity"/></span>
                    <xsl:if test="employee"><span class="who"><xsl:value-of select="employee"/></span></xsl:if>
                    <xsl:if test="note"><span class="note preline"><xsl:value-of select="note"/></span></xsl:if>
                    <xsl:if test="$editable"><div class="actions">
                      <a class="button small" href="{$pbase}/times?month={$t/@month}&amp;edit={@id}#entry-form"><xsl:value-of select="kp:t('staff.edit')"/></a>
                      <xsl:call-template name="delete-button"><xsl:with-param name="action" select="concat($pbase, '/times/', @id, '/delete')"/><xsl:with-param name="what" select="concat(kp:date(../@date), ', ', activity, ', ', kp:hours(@minutes))"/></xsl:call-template>
                    </div></xsl:if>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:for-each>
          </section>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('times.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$t/months/m and not(string($t/@month))">
      <section>
        <h2><xsl:value-of select="kp:t('times.per_month')"/></h2>
        <div class="table-wrap"><table>
          <tbody>
            <xsl:for-each select="$t/months/m">
              <tr><td><a href="{$pbase}/times?month={.}"><xsl:value-of select="substring(., 6, 2)"/>/<xsl:value-of select="substring(., 1, 4)"/></a></td>
                  <td class="num"><xsl:value-of select="kp:hours(@minutes)"/></td></tr>
            </xsl:for-each>
          </tbody>
        </table></div>
      </section>
    </xsl:if>
    <xsl:if test="$t/employees/employee">
      <section>
        <h2><xsl:value-of select="kp:t('times.per_employee')"/></h2>
        <div class="table-wrap"><table>
          <tbody>
            <xsl:for-each select="$t/employees/employee">
              <tr><td><xsl:value-of select="@key"/><xsl:if test="not(string(@key))">–</xsl:if></td>
                  <td class="num"><xsl:value-of select="kp:hours(@minutes)"/></td></tr>
            </xsl:for-each>
          </tbody>
        </table></div>
      </section>
    </xsl:if>
    <section>
      <h2><xsl:value-of select="kp:t('times.resources')"/></h2>
      <xsl:if test="$t/resources/@cut">
        <p class="alert" role="status"><xsl:value-of select="kp:t(concat('times.resources_cut', substring('_month', 1, 6 * boolean(string($t/@month)))), $t/resources/@cut)"/></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$t/resources/resource">
          <div class="table-wrap"><table>
            <thead><tr>
              <th scope="col"><xsl:value-of select="kp:t('times.date')"/></th>
              <th scope="col"><xsl:value-of select="kp:t('times.resource')"/></th>
              <th scope="col" class="num"><xsl:value-of select="kp:t('times.quantity')"/></th>
              <xsl:if test="$editable"><th scope="col"><span class="visually-hidden"><xsl:value-of select="kp:t('staff.actions')"/></span></th></xsl:if>
            </tr></thead>
            <tbody>
              <xsl:for-each select="$t/resources/resource">
                <tr>
                  <td class="date"><xsl:value-of select="kp:date(@date)"/></td>
                  <td><xsl:value-of select="name"/> <span class="meta"> (<xsl:value-of select="kp:t(concat('times.kind.', @kind))"/>)</span></td>
                  <td class="num"><xsl:value-of select="@quantity"/><xsl:text> </xsl:text><xsl:value-of select="unit"/></td>
                  <xsl:if test="$editable"><td class="actions">
                    <a class="button small" href="{$pbase}/times?month={$t/@month}&amp;edit-resource={@id}#resource-form"><xsl:value-of select="kp:t('staff.edit')"/></a>
                    <xsl:call-template name="delete-button"><xsl:with-param name="action" select="concat($pbase, '/resources/', @id, '/delete')"/><xsl:with-param name="what" select="string(name)"/></xsl:call-template>
                  </td></xsl:if>
                </tr>
              </xsl:for-each>
            </tbody>
          </table></div>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('times.no_resources')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- Documents: name (download link), size, date, who; staff get flags and delete buttons. A
       page of 100, newest first, then "Ältere Dokumente". -->
  <xsl:template name="document-list">
    <div id="document-list">
      <xsl:choose>
        <xsl:when test="/page/documents/document">
          <ul class="rows">
            <xsl:for-each select="/page/documents/document">
              <li class="row">
                <a class="what" href="{$pbase}/documents/{@id}" download=""><xsl:value-of select="name"/></a>
                <span class="meta"><xsl:value-of select="kp:size(@size)"/> · <xsl:value-of select="kp:date(kp:local(@date))"/> · <xsl:value-of select="by"/>
                  <!-- a customer's upload; in the staff's list "neu" while this admin has not seen it -->
                  <xsl:if test="@kind = 'customer'"> (<xsl:value-of select="kp:t('documents.by_customer')"/>)<xsl:if test="/page/seen and number(@id) &gt; number(/page/seen/@documents)"> · <em class="badge new"><xsl:value-of select="kp:t('messages.unread')"/></em></xsl:if></xsl:if></span>
                <xsl:if test="$app = 'admin'">
                  <div class="actions">
                    <form method="post" action="{$pbase}/documents/{@id}/visible" class="inline">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="visible" value="{1 - @visible}"/>
                      <span class="badge"><xsl:value-of select="kp:t(concat('documents.visible.', @visible))"/></span>
                      <button type="submit" class="small"><xsl:value-of select="kp:t(concat('documents.toggle.', @visible))"/></button>
                    </form>
                    <xsl:call-template name="delete-button"><xsl:with-param name="action" select="concat($pbase, '/documents/', @id, '/delete')"/><xsl:with-param name="what" select="string(name)"/></xsl:call-template>
                  </div>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('documents.none')"/></p></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="key-pager">
        <xsl:with-param name="list" select="/page/documents"/>
        <xsl:with-param name="first" select="concat($pbase, '/documents')"/>
        <xsl:with-param name="param">older</xsl:with-param>
        <xsl:with-param name="anchor">document-list</xsl:with-param>
        <xsl:with-param name="texts">documents.pages</xsl:with-param>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="upload-form">
    <section class="card">
      <h2><xsl:value-of select="kp:t('documents.upload')"/></h2>
      <!-- data-progress: kundenportal.js sends the file itself and shows how much has gone -->
      <!-- the CSRF token is the body's first field, not in the address (the access log keeps
           that), and comes before the file: the module checks it before it keeps anything -->
      <form method="post" enctype="multipart/form-data" action="{$pbase}/documents" class="stack"
            data-progress="{kp:t('documents.uploading')}" data-saving="{kp:t('documents.saving')}"
            data-failed="{kp:t('documents.upload_failed')}"
            data-limit="{/page/upload/@limit}">
        <xsl:call-template name="csrf"/>
        <!-- the form sent twice (a reload, a click again after a timeout) stores one document -->
        <input type="hidden" name="form_token" value="{/page/upload/@token}"/>
        <label for="file"><xsl:value-of select="kp:t('documents.file')"/></label>
        <input type="file" id="file" name="file" required="required">
          <xsl:call-template name="invalid"><xsl:with-param name="field">file</xsl:with-param><xsl:with-param name="key" select="/page/upload/@error"/></xsl:call-template>
        </input>
        <xsl:call-template name="field-error">
          <xsl:with-param name="field">file</xsl:with-param>
          <xsl:with-param name="key" select="/page/upload/@error"/>
        </xsl:call-template>
        <p class="meta"><xsl:value-of select="kp:t('documents.limit', kp:size(/page/upload/@limit))"/></p>
        <xsl:if test="$app = 'admin'">
          <label class="check"><input type="checkbox" name="visible" value="1" checked="checked"/>
            <xsl:value-of select="kp:t('documents.visible_in_portal')"/></label>
        </xsl:if>
        <progress max="100" value="0" hidden="hidden" aria-label="{kp:t('documents.upload')}"></progress>
        <p class="meta" role="status"></p>
        <button type="submit" class="primary"><xsl:value-of select="kp:t('documents.upload_submit')"/></button>
      </form>
    </section>
  </xsl:template>

  <!-- The chat: a link to older messages, the messages oldest first, the form to write. -->
  <xsl:template name="chat">
    <xsl:variable name="c" select="/page/chat"/>
    <!-- the staff's delete returns to the page of older messages it was on (paged: its key) -->
    <xsl:variable name="back"><xsl:if test="$c/@paged">?before=<xsl:value-of select="$c/@paged"/></xsl:if></xsl:variable>
    <xsl:if test="$c/@older">
      <p><a href="{$pbase}/messages?before={$c/@older}"><xsl:value-of select="kp:t('messages.older')"/></a></p>
    </xsl:if>
    <xsl:if test="$c/@paged">
      <p><a href="{$pbase}/messages"><xsl:value-of select="kp:t('messages.newest')"/></a></p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$c/message">
        <ol class="chat">
          <xsl:for-each select="$c/message">
            <li id="m{@id}" class="msg {@kind}">
              <xsl:if test="@own"><xsl:attribute name="class">msg own <xsl:value-of select="@kind"/></xsl:attribute></xsl:if>
              <xsl:if test="@unread"><xsl:attribute name="class">msg unread <xsl:value-of select="@kind"/></xsl:attribute></xsl:if>
              <span class="meta"><strong><xsl:value-of select="author"/></strong>
                <xsl:if test="@kind = 'staff'"> (<xsl:value-of select="$ctx/@tenant"/>)</xsl:if> ·
                <xsl:value-of select="kp:datetime(@date)"/>
                <xsl:if test="@unread"> · <em class="badge new"><xsl:value-of select="kp:t('messages.unread')"/></em></xsl:if></span>
              <p class="preline"><xsl:value-of select="body"/></p>
              <xsl:if test="$app = 'admin'">
                <div class="actions">
                  <xsl:call-template name="delete-button">
                    <xsl:with-param name="action" select="concat($pbase, '/messages/', @id, '/delete', $back)"/>
                    <xsl:with-param name="what" select="concat(author, ', ', kp:datetime(@date))"/>
                  </xsl:call-template>
                </div>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('messages.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <form method="post" action="{$pbase}/messages" class="stack card" id="latest">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="form_token" value="{/page/form/@token}"/>
      <label for="body"><xsl:value-of select="kp:t('messages.write')"/></label>
      <textarea id="body" name="body" rows="4" maxlength="{/page/form/@max}" required="required">
        <xsl:call-template name="invalid"><xsl:with-param name="field">body</xsl:with-param><xsl:with-param name="key" select="/page/form/@error"/></xsl:call-template>
        <xsl:value-of select="/page/form/body"/></textarea>
      <xsl:call-template name="field-error">
        <xsl:with-param name="field">body</xsl:with-param>
        <xsl:with-param name="key" select="/page/form/@error"/>
      </xsl:call-template>
      <button type="submit" class="primary"><xsl:value-of select="kp:t('messages.send')"/></button>
    </form>
  </xsl:template>

  <!-- One labelled form field of a staff form: value and error come from /page/form[@name=$f]. -->
  <xsl:template name="field">
    <xsl:param name="f"/>
    <xsl:param name="n"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="default" select="''"/>
    <xsl:variable name="form" select="/page/form[@name = $f]"/>
    <xsl:variable name="id" select="concat($f, '-', $n)"/>
    <xsl:variable name="value">
      <xsl:choose>
        <xsl:when test="$form/v[@n = $n]"><xsl:value-of select="$form/v[@n = $n]"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="error" select="$form/e[@n = $n]"/>
    <div class="field field-{$n}">
      <label for="{$id}"><xsl:value-of select="kp:t($label)"/></label>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="{$id}" name="{$n}" rows="2">
            <xsl:if test="$max"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
            <xsl:call-template name="invalid"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$error"/></xsl:call-template>
            <xsl:value-of select="$value"/></textarea>
        </xsl:when>
        <xsl:when test="$type = 'employee'">
          <select id="{$id}" name="{$n}">
            <option value=""><xsl:value-of select="kp:t('planning.nobody')"/></option>
            <xsl:for-each select="/page/employees/employee[@active = '1' or @id = $value]">
              <option value="{@id}"><xsl:if test="@id = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="."/></option>
            </xsl:for-each>
          </select>
        </xsl:when>
        <xsl:when test="$type = 'kind'">
          <select id="{$id}" name="{$n}">
            <option value="material"><xsl:value-of select="kp:t('times.kind.material')"/></option>
            <option value="machine"><xsl:if test="$value = 'machine'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="kp:t('times.kind.machine')"/></option>
          </select>
        </xsl:when>
        <xsl:otherwise>
          <input type="{$type}" id="{$id}" name="{$n}" value="{$value}">
            <xsl:if test="$max"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
            <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
            <xsl:call-template name="invalid"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$error"/></xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="error-text">
        <xsl:with-param name="id" select="$id"/>
        <xsl:with-param name="key" select="$error"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- An error key, optionally "key|argument". -->
  <xsl:template name="error-text">
    <xsl:param name="id"/>
    <xsl:param name="key"/>
    <xsl:if test="string($key)">
      <p class="field-error" id="{$id}-error" role="alert">
        <xsl:choose>
          <xsl:when test="contains($key, '|')"><xsl:value-of select="kp:t(substring-before($key, '|'), substring-after($key, '|'))"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="kp:t($key)"/></xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- A CSV import form (multipart: the CSRF token is the body's first field, see upload-form). -->
  <xsl:template name="import-form">
    <xsl:param name="action"/>
    <xsl:param name="title"/>
    <xsl:param name="help"/>
    <section class="card">
      <h2><xsl:value-of select="kp:t($title)"/></h2>
      <xsl:if test="/page/@imported">
        <p class="alert ok" role="status"><xsl:value-of select="kp:t('staff.imported', /page/@imported)"/></p>
      </xsl:if>
      <p class="meta"><xsl:value-of select="kp:t($help)"/></p>
      <form method="post" enctype="multipart/form-data" action="{$action}" class="stack">
        <xsl:call-template name="csrf"/>   <!-- first: see upload-form -->
        <label for="import-file"><xsl:value-of select="kp:t('documents.file')"/></label>
        <input type="file" id="import-file" name="file" accept=".csv,text/csv" required="required"/>
        <xsl:call-template name="error-text">
          <xsl:with-param name="id">import-file</xsl:with-param>
          <xsl:with-param name="key" select="/page/form[@name = 'import']/e[@n = 'file']"/>
        </xsl:call-template>
        <button type="submit"><xsl:value-of select="kp:t('staff.import')"/></button>
      </form>
    </section>
  </xsl:template>

  <!-- A delete button for one row of a staff list: names the row for screen readers and, with
       the script, asks before deleting (what is deleted is gone; the log keeps what it was). -->
  <xsl:template name="delete-button">
    <xsl:param name="action"/>
    <xsl:param name="what"/>
    <form method="post" action="{$action}" class="inline" data-confirm="{kp:t('staff.delete_confirm', $what)}">
      <xsl:call-template name="csrf"/>
      <button type="submit" class="small danger"><xsl:value-of select="kp:t('staff.delete')"/><span class="sr"> – <xsl:value-of select="$what"/></span></button>
    </form>
  </xsl:template>
</xsl:stylesheet>
