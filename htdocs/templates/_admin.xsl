<?xml version="1.0" encoding="UTF-8"?>
<!-- _admin.xsl: pieces the administration's pages share: form fields from <form><f n=".."/></form>,
     notices, paging, and the "Kundenportal" section of a project or customer. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <!-- A text input; the error (if any) right under it, the typed value kept. -->
  <xsl:template name="input">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="max" select="200"/>
    <xsl:param name="autocomplete" select="'off'"/>
    <xsl:param name="owner" select="''"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="inputmode" select="''"/>
    <xsl:variable name="f" select="$form/f[@n = $name]"/>
    <xsl:variable name="id" select="concat($form/@id, '-', $name)"/>
    <label for="{$id}"><xsl:value-of select="kp:t($label)"/></label>
    <input type="{$type}" id="{$id}" name="{$name}" autocomplete="{$autocomplete}">
      <xsl:if test="$type != 'date'"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
      <xsl:if test="$inputmode"><xsl:attribute name="inputmode"><xsl:value-of select="$inputmode"/></xsl:attribute></xsl:if>
      <xsl:if test="$type != 'password'"><xsl:attribute name="value"><xsl:value-of select="$f"/></xsl:attribute></xsl:if>
      <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
      <xsl:if test="$owner"><xsl:attribute name="form"><xsl:value-of select="$owner"/></xsl:attribute></xsl:if>
      <xsl:call-template name="invalid"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$f/@error"/></xsl:call-template>
    </input>
    <xsl:if test="$hint"><p class="meta hint"><xsl:value-of select="kp:t($hint)"/></p></xsl:if>
    <xsl:call-template name="field-error">
      <xsl:with-param name="field" select="$id"/>
      <xsl:with-param name="key" select="$f/@error"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="checkbox">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="owner" select="''"/>
    <xsl:param name="toggles" select="''"/>   <!-- the id of the section the box shows, if it is in the page -->
    <xsl:variable name="id" select="concat($form/@id, '-', $name)"/>
    <div class="check">
      <input type="checkbox" id="{$id}" name="{$name}" value="1">
        <xsl:if test="$form/f[@n = $name] = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        <xsl:if test="$owner"><xsl:attribute name="form"><xsl:value-of select="$owner"/></xsl:attribute></xsl:if>
        <xsl:if test="$toggles">
          <xsl:attribute name="data-toggles"><xsl:value-of select="$toggles"/></xsl:attribute>
          <xsl:attribute name="aria-controls"><xsl:value-of select="$toggles"/></xsl:attribute>
        </xsl:if>
        <xsl:call-template name="invalid"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$form/f[@n = $name]/@error"/></xsl:call-template>
      </input>
      <label for="{$id}"><xsl:value-of select="kp:t($label)"/></label>
    </div>
  </xsl:template>

  <!-- "Kundenportal aktivieren" of a project or customer. Unticked on a portal that is on with
       active accounts, the save comes back with the number of accounts and a box to confirm. -->
  <xsl:template name="portal-switch">
    <xsl:param name="main"/>
    <xsl:param name="portal"/>
    <xsl:variable name="error" select="$main/f[@n = 'portal_enabled']/@error"/>
    <xsl:call-template name="checkbox">
      <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'portal_enabled'"/>
      <xsl:with-param name="label" select="'portal.enable'"/><xsl:with-param name="toggles" select="substring('portal', 1, 6 * boolean($portal))"/>
    </xsl:call-template>
    <xsl:if test="string($error)">
      <p class="field-error" id="main-portal_enabled-error"><xsl:value-of select="kp:t($error, $main/f[@n = 'portal_off_accounts'])"/></p>
      <div class="check">
        <input type="checkbox" id="main-confirm_portal_off" name="confirm_portal_off" value="1" aria-describedby="main-portal_enabled-error"/>
        <label for="main-confirm_portal_off"><xsl:value-of select="kp:t('portal.confirm_off_box')"/></label>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="hidden">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <input type="hidden" name="{$name}" value="{$form/f[@n = $name]}"/>
  </xsl:template>

  <!-- Saved / staged notices and conflict alerts of a page. -->
  <xsl:template name="notices">
    <xsl:if test="string(/page/@alert)">
      <p class="alert error" role="alert"><xsl:value-of select="kp:t(/page/@alert)"/></p>
    </xsl:if>
    <xsl:call-template name="unsaved"/>
    <xsl:if test="string(/page/@notice)">
      <p class="alert ok" role="status"><xsl:value-of select="kp:t(/page/@notice)"/></p>
    </xsl:if>
    <xsl:if test="/page/form[@invalid = '1']">
      <p class="alert error" role="alert"><xsl:value-of select="kp:t('error.form')"/></p>
    </xsl:if>
  </xsl:template>

  <!-- After a conflict: what was typed and not saved, field by field (<form id="unsaved">). The
       labels are the page's: prefix.field, but for the fields every owner page shares. -->
  <xsl:template name="unsaved">
    <xsl:param name="prefix" select="name(/page/project | /page/customer)"/>
    <xsl:if test="/page/form[@id = 'unsaved']/f">
      <section class="alert unsaved" aria-labelledby="unsaved-title">
        <p id="unsaved-title"><xsl:value-of select="kp:t('conflict.unsaved')"/></p>
        <dl>
          <xsl:for-each select="/page/form[@id = 'unsaved']/f">
            <dt><xsl:call-template name="field-label"><xsl:with-param name="prefix" select="$prefix"/></xsl:call-template></dt>
            <dd class="preline"><xsl:call-template name="field-value"/></dd>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="field-label">
    <xsl:param name="prefix"/>
    <xsl:choose>
      <xsl:when test="@n = 'portal_enabled'"><xsl:value-of select="kp:t('portal.enable')"/></xsl:when>
      <xsl:when test="@n = 'info_text'"><xsl:value-of select="kp:t('portal.info_text')"/></xsl:when>
      <xsl:when test="@n = 'address'"><xsl:value-of select="kp:t('project.address')"/></xsl:when>
      <xsl:when test="@n = 'customer_id'"><xsl:value-of select="kp:t('project.customer')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="kp:t(concat($prefix, '.', @n))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A field's value in words: the box as on/off, the customer by name. -->
  <xsl:template name="field-value">
    <xsl:choose>
      <xsl:when test="@n = 'portal_enabled'"><xsl:value-of select="kp:t(concat('yesno.', .))"/></xsl:when>
      <!-- Erscheinungsbild: the logo chosen (a file the page cannot hold), "Logo entfernen" ticked -->
      <xsl:when test="@n = 'logo'"><xsl:value-of select="kp:t('branding.logo_choose_again', .)"/></xsl:when>
      <xsl:when test="@n = 'remove_logo'"><xsl:value-of select="kp:t('branding.remove_logo_typed')"/></xsl:when>
      <xsl:when test="@n = 'customer_id' and string(.)"><xsl:value-of select="/page/project/customers/customer[@id = current()]"/></xsl:when>
      <xsl:when test="@n = 'customer_id'"><xsl:value-of select="kp:t('project.no_customer')"/></xsl:when>
      <xsl:when test="string(.)"><xsl:value-of select="."/></xsl:when>
      <xsl:otherwise><xsl:value-of select="kp:t('conflict.empty')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pager">
    <xsl:param name="base"/>
    <xsl:variable name="p" select="/page/pager"/>
    <xsl:variable name="q"><xsl:if test="string($p/@query)">&amp;<xsl:value-of select="$p/@query"/></xsl:if></xsl:variable>
    <xsl:if test="$p/@page &gt; 1 or $p/@has-next = '1'">
      <nav class="pager" aria-label="{kp:t('pager.label')}">
        <xsl:if test="$p/@page &gt; 1">
          <a rel="prev" href="{$mount}{$base}?page={$p/@prev}{$q}"><xsl:value-of select="kp:t('pager.prev')"/></a>
        </xsl:if>
        <span><xsl:value-of select="kp:t('pager.page', $p/@page)"/></span>
        <xsl:if test="$p/@has-next = '1'">
          <a rel="next" href="{$mount}{$base}?page={$p/@next}{$q}"><xsl:value-of select="kp:t('pager.next')"/></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="perms">
    <xsl:param name="a"/>
    <xsl:for-each select="$a/@perm_planning[. = '1'] | $a/@perm_times[. = '1'] | $a/@perm_documents[. = '1']
                          | $a/@perm_messages[. = '1'] | $a/@perm_requests[. = '1']">
      <span class="tag"><xsl:value-of select="kp:t(concat('perm.', local-name()))"/></span>
    </xsl:for-each>
    <!-- Saved like that on purpose or by a slip: either way the list says it. -->
    <xsl:if test="not($a/@perm_planning = '1' or $a/@perm_times = '1' or $a/@perm_documents = '1'
                      or $a/@perm_messages = '1' or $a/@perm_requests = '1')">
      <span class="tag off"><xsl:value-of select="kp:t('perm.none')"/></span>
    </xsl:if>
  </xsl:template>

  <!-- The "Kundenportal" section: accounts, staged changes, the account editor, the Infotext.
       The editor's fields, the Infotext and every button of the section belong to the page's
       form (form="main-form"), so that "Übernehmen", the pencil, "Entfernen" and "Verwerfen" send
       what was typed into the page too and the page comes back with it. -->
  <xsl:template name="portal-section">
    <xsl:param name="portal"/>
    <xsl:param name="main"/>
    <xsl:param name="page"/>
    <xsl:variable name="acct" select="$portal/form[@id = 'acct']"/>
    <section class="card portal" id="portal" aria-labelledby="portal-title">
      <h2 id="portal-title"><xsl:value-of select="kp:t('portal.title')"/></h2>
      <xsl:choose>
        <!-- Shown as soon as "Kundenportal aktivieren" is ticked: there is no link before the
             first "Daten speichern" (or "Übernehmen", which makes the portal). -->
        <xsl:when test="$portal/@exists = '0'">
          <p class="meta"><xsl:value-of select="kp:t('portal.link_after_save')"/></p>
        </xsl:when>
        <xsl:otherwise>
          <xsl:if test="$portal/@enabled = '0' and not($main/f[@n = 'portal_enabled'] = '1')">
            <p class="alert"><xsl:value-of select="kp:t('portal.is_off')"/></p>
          </xsl:if>
          <p><a class="button" href="{$mount}/portals/{$portal/@id}/link"><xsl:value-of select="kp:t('portal.show_link')"/></a></p>
        </xsl:otherwise>
      </xsl:choose>

      <h3><xsl:value-of select="kp:t('portal.accounts')"/></h3>
      <xsl:choose>
        <xsl:when test="$portal/accounts/account">
          <ul class="accounts">
            <xsl:for-each select="$portal/accounts/account">
              <li>
                <xsl:if test="@active = '0'"><xsl:attribute name="class">inactive</xsl:attribute></xsl:if>
                <span class="who"><strong><xsl:value-of select="@username"/></strong> – <xsl:value-of select="name"/></span>
                <xsl:if test="@active = '0'"> <span class="tag off"><xsl:value-of select="kp:t('account.inactive')"/></span></xsl:if>
                <xsl:if test="@no-password = '1'"> <span class="tag"><xsl:value-of select="kp:t('account.no_password')"/></span></xsl:if>
                <xsl:if test="@staged = '1'"> <span class="tag staged"><xsl:value-of select="kp:t('staged.mark')"/></span></xsl:if>
                <span class="perms"><xsl:call-template name="perms"><xsl:with-param name="a" select="."/></xsl:call-template></span>
                <span class="meta"><xsl:call-template name="last-login"><xsl:with-param name="at" select="@last-login"/></xsl:call-template></span>
                <button type="submit" form="main-form" formaction="{$mount}{$page}#account-editor" formnovalidate="formnovalidate"
                        name="open_account" value="{@id}" class="link edit" title="{kp:t('account.edit')}">
                  <span aria-hidden="true">✎</span><span class="sr"><xsl:value-of select="kp:t('account.edit_who', @username)"/></span></button>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('portal.no_accounts')"/></p></xsl:otherwise>
      </xsl:choose>

      <xsl:if test="$portal/staged/account">
        <div class="staged-box" role="status">
          <h3><xsl:value-of select="kp:t('staged.title')"/></h3>
          <p><xsl:value-of select="kp:t('staged.explain')"/></p>
          <ul class="accounts">
            <xsl:for-each select="$portal/staged/account">
              <li class="staged">
                <span class="tag staged"><xsl:value-of select="kp:t(concat('staged.', @kind))"/></span>
                <span class="who"><strong><xsl:value-of select="@username"/></strong> – <xsl:value-of select="name"/></span>
                <xsl:if test="@active = '0'"> <span class="tag off"><xsl:value-of select="kp:t('account.inactive')"/></span></xsl:if>
                <xsl:if test="@new-password = '1'"> <span class="tag"><xsl:value-of select="kp:t('staged.new_password')"/></span></xsl:if>
                <xsl:choose>
                  <xsl:when test="@overtaken"> <span class="tag off"><xsl:value-of select="kp:t('staged.overtaken')"/></span></xsl:when>
                  <xsl:when test="@stale = '1'"> <span class="tag off"><xsl:value-of select="kp:t('staged.stale')"/></span></xsl:when>
                </xsl:choose>
                <span class="perms"><xsl:call-template name="perms"><xsl:with-param name="a" select="."/></xsl:call-template></span>
                <xsl:if test="@kind = 'new'">
                  <button type="submit" form="main-form" formaction="{$mount}{$page}#account-editor" formnovalidate="formnovalidate"
                          name="open_draft" value="{@draft}" class="link edit" title="{kp:t('account.edit')}">
                    <span aria-hidden="true">✎</span><span class="sr"><xsl:value-of select="kp:t('account.edit_who', @username)"/></span></button>
                </xsl:if>
                <button type="submit" form="main-form" formaction="{$mount}{$page}#portal" formnovalidate="formnovalidate"
                        name="unstage" value="{@draft}" class="link"><xsl:value-of select="kp:t('staged.remove')"/><span class="sr"> – <xsl:value-of select="@username"/></span></button>
              </li>
            </xsl:for-each>
          </ul>
          <button type="submit" form="main-form" formaction="{$mount}{$page}#portal" formnovalidate="formnovalidate"
                  name="action" value="discard"><xsl:value-of select="kp:t('staged.discard')"/></button>
        </div>
      </xsl:if>

      <xsl:variable name="editing" select="string($acct/f[@n = 'acct_id']) or string($acct/f[@n = 'draft_id'])"/>
      <details class="editor" id="account-editor">
        <xsl:if test="$acct/@open = '1'"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
        <summary class="button">
          <xsl:choose>
            <xsl:when test="$editing"><xsl:value-of select="kp:t('account.edit_who', $acct/f[@n = 'username'])"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="kp:t('acct.new_entry')"/></xsl:otherwise>
          </xsl:choose>
        </summary>
        <div class="stack">
          <xsl:if test="$acct/@invalid = '1'">
            <p class="alert error" role="alert"><xsl:value-of select="kp:t('error.form')"/></p>
          </xsl:if>
          <xsl:if test="string($acct/@alert)">
            <p class="alert error" role="alert"><xsl:value-of select="kp:t($acct/@alert)"/></p>
          </xsl:if>
          <input type="hidden" name="acct_id" value="{$acct/f[@n = 'acct_id']}" form="main-form"/>
          <input type="hidden" name="acct_state" value="{$acct/f[@n = 'acct_state']}" form="main-form"/>
          <input type="hidden" name="draft_id" value="{$acct/f[@n = 'draft_id']}" form="main-form"/>
          <xsl:choose>
            <xsl:when test="string($acct/f[@n = 'acct_id'])">
              <p><xsl:value-of select="kp:t('login.username')"/>: <strong><xsl:value-of select="$acct/f[@n = 'username']"/></strong></p>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="input">
                <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'username'"/>
                <xsl:with-param name="label" select="'login.username'"/><xsl:with-param name="max" select="100"/>
                <xsl:with-param name="owner" select="'main-form'"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="input">
            <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'password'"/>
            <xsl:with-param name="type" select="'password'"/><xsl:with-param name="max" select="1024"/>
            <xsl:with-param name="autocomplete" select="'new-password'"/><xsl:with-param name="owner" select="'main-form'"/>
            <xsl:with-param name="label">
              <xsl:choose>
                <xsl:when test="$editing">account.new_password</xsl:when>
                <xsl:otherwise>login.password</xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="hint" select="'account.password_hint'"/>
          </xsl:call-template>
          <xsl:call-template name="input">
            <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'display_name'"/>
            <xsl:with-param name="label" select="'account.display_name'"/><xsl:with-param name="owner" select="'main-form'"/>
          </xsl:call-template>
          <fieldset>
            <legend><xsl:value-of select="kp:t('account.permissions')"/></legend>
            <xsl:call-template name="checkbox">
              <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'perm_documents'"/>
              <xsl:with-param name="label" select="'perm.perm_documents'"/><xsl:with-param name="owner" select="'main-form'"/>
            </xsl:call-template>
            <xsl:call-template name="checkbox">
              <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'perm_times'"/>
              <xsl:with-param name="label" select="'perm.perm_times'"/><xsl:with-param name="owner" select="'main-form'"/>
            </xsl:call-template>
            <xsl:call-template name="checkbox">
              <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'perm_planning'"/>
              <xsl:with-param name="label" select="'perm.perm_planning'"/><xsl:with-param name="owner" select="'main-form'"/>
            </xsl:call-template>
            <xsl:call-template name="checkbox">
              <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'perm_messages'"/>
              <xsl:with-param name="label" select="'perm.perm_messages'"/><xsl:with-param name="owner" select="'main-form'"/>
            </xsl:call-template>
            <xsl:call-template name="checkbox">
              <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'perm_requests'"/>
              <xsl:with-param name="label" select="'perm.perm_requests'"/><xsl:with-param name="owner" select="'main-form'"/>
            </xsl:call-template>
            <p class="meta hint"><xsl:value-of select="kp:t('account.permissions_hint')"/></p>
          </fieldset>
          <xsl:if test="string($acct/f[@n = 'acct_id'])">
            <xsl:call-template name="checkbox">
              <xsl:with-param name="form" select="$acct"/><xsl:with-param name="name" select="'active'"/>
              <xsl:with-param name="label" select="'account.active'"/><xsl:with-param name="owner" select="'main-form'"/>
            </xsl:call-template>
          </xsl:if>
          <p>
            <button type="submit" form="main-form" formaction="{$mount}{$page}#portal" formnovalidate="formnovalidate"
                    name="action" value="stage"><xsl:value-of select="kp:t('account.stage')"/></button>
            <xsl:text> </xsl:text>
            <button type="submit" form="main-form" formnovalidate="formnovalidate" name="action" value="stage_sheet"><xsl:value-of select="kp:t('account.stage_sheet')"/></button>
            <xsl:text> </xsl:text>
            <button type="submit" form="main-form" formaction="{$mount}{$page}#portal" formnovalidate="formnovalidate"
                    name="action" value="resume" class="link"><xsl:value-of select="kp:t('account.cancel')"/></button>
          </p>
          <xsl:if test="string($acct/f[@n = 'acct_id'])">
            <p><a class="button" href="{$mount}/portals/{$portal/@id}/accounts/{$acct/f[@n = 'acct_id']}/delete"><xsl:value-of select="kp:t('account.delete')"/></a></p>
          </xsl:if>
        </div>
      </details>

      <xsl:call-template name="input-area">
        <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'info_text'"/>
        <xsl:with-param name="label" select="'portal.info_text'"/>
      </xsl:call-template>
      <p class="meta"><xsl:value-of select="kp:t('portal.info_hint')"/></p>
    </section>
  </xsl:template>

  <xsl:template name="input-area">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:variable name="f" select="$form/f[@n = $name]"/>
    <xsl:variable name="id" select="concat($form/@id, '-', $name)"/>
    <label for="{$id}"><xsl:value-of select="kp:t($label)"/></label>
    <textarea id="{$id}" name="{$name}" rows="4" maxlength="5000" form="main-form">
      <xsl:call-template name="invalid"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$f/@error"/></xsl:call-template>
      <xsl:value-of select="$f"/>
    </textarea>
    <xsl:call-template name="field-error">
      <xsl:with-param name="field" select="$id"/>
      <xsl:with-param name="key" select="$f/@error"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
