<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-admins.xsl: Administratoren: one's own password, a new administrator, and the list,
     each row a form (name, active, a new password for a colleague). A refused form comes back
     as /page/form[@name][@edit] with <v n=".."/> values and <e n=".."/> errors. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('nav.admins')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="me" select="admins/@me"/>
    <xsl:variable name="own" select="form[@name = 'own-password']"/>
    <xsl:variable name="new" select="form[@name = 'admin-new']"/>
    <h1><xsl:value-of select="kp:t('nav.admins')"/></h1>
    <xsl:if test="string(@notice)"><p class="alert ok" role="status"><xsl:value-of select="kp:t(@notice)"/></p></xsl:if>
    <xsl:if test="form"><p class="alert error" role="alert"><xsl:value-of select="kp:t('error.form')"/></p></xsl:if>

    <section class="card" aria-labelledby="admins-list-title">
      <h2 id="admins-list-title"><xsl:value-of select="kp:t('admins.list')"/></h2>
      <ul class="rows">
        <xsl:for-each select="admins/admin">
          <xsl:variable name="failed" select="/page/form[@name = 'admin-edit' and @edit = current()/@id]"/>
          <xsl:variable name="self" select="@id = $me"/>
          <li class="row">
            <form method="post" action="{$mount}/admins/{@id}" class="inline-form">
              <xsl:call-template name="csrf"/>
              <span class="what"><xsl:value-of select="@username"/>
                <xsl:if test="$self"><xsl:text> </xsl:text><span class="meta"><xsl:value-of select="kp:t('admins.you')"/></span></xsl:if></span>
              <label for="admin-{@id}-name" class="visually-hidden"><xsl:value-of select="kp:t('admins.name_of', @username)"/></label>
              <input type="text" id="admin-{@id}-name" name="display_name" maxlength="200" required="required" autocomplete="off">
                <xsl:attribute name="value"><xsl:choose><xsl:when test="$failed"><xsl:value-of select="$failed/v[@n = 'display_name']"/></xsl:when><xsl:otherwise><xsl:value-of select="name"/></xsl:otherwise></xsl:choose></xsl:attribute>
                <xsl:call-template name="invalid"><xsl:with-param name="field" select="concat('admin-', @id, '-name')"/><xsl:with-param name="key" select="$failed/e[@n = 'display_name']"/></xsl:call-template>
              </input>
              <xsl:choose>
                <xsl:when test="$self">
                  <!-- one's own access stays: the flag is sent as it is -->
                  <input type="hidden" name="active" value="1"/>
                  <span class="tag"><xsl:value-of select="kp:t('admins.active')"/></span>
                </xsl:when>
                <xsl:otherwise>
                  <label class="check"><input type="checkbox" id="admin-{@id}-active" name="active" value="1">
                    <xsl:if test="($failed and $failed/v[@n = 'active'] = '1') or (not($failed) and @active = '1')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input>
                    <xsl:value-of select="kp:t('admins.active')"/><span class="sr"><xsl:text> </xsl:text><xsl:value-of select="@username"/></span></label>
                  <label for="admin-{@id}-password" class="visually-hidden"><xsl:value-of select="kp:t('admins.new_password_of', @username)"/></label>
                  <input type="password" id="admin-{@id}-password" name="password" maxlength="1024" autocomplete="new-password" placeholder="{kp:t('admins.new_password')}">
                    <xsl:call-template name="invalid"><xsl:with-param name="field" select="concat('admin-', @id, '-password')"/><xsl:with-param name="key" select="$failed/e[@n = 'password']"/></xsl:call-template>
                  </input>
                  <label for="admin-{@id}-confirm" class="visually-hidden"><xsl:value-of select="kp:t('admins.confirm_for', @username)"/></label>
                  <input type="password" id="admin-{@id}-confirm" name="confirm" maxlength="1024" autocomplete="off" placeholder="{kp:t('admins.confirm_short')}">
                    <xsl:call-template name="invalid"><xsl:with-param name="field" select="concat('admin-', @id, '-confirm')"/><xsl:with-param name="key" select="$failed/e[@n = 'confirm']"/></xsl:call-template>
                  </input>
                </xsl:otherwise>
              </xsl:choose>
              <button type="submit" class="small"><xsl:value-of select="kp:t('staff.save')"/></button>
              <span class="meta"><xsl:call-template name="last-login"><xsl:with-param name="at" select="@last-login"/></xsl:call-template></span>
              <xsl:for-each select="$failed/e">
                <!-- under the row, tied to its field by id ("active" and "password" of one's own
                     row come only from a hand-made request: no field shows them) -->
                <xsl:variable name="n" select="concat(substring('name', 1, 4 * (@n = 'display_name')), substring(@n, 1, string-length(@n) * (@n != 'display_name')))"/>
                <xsl:call-template name="field-error"><xsl:with-param name="field" select="concat('admin-', ../@edit, '-', $n)"/><xsl:with-param name="key" select="."/></xsl:call-template>
              </xsl:for-each>
            </form>
          </li>
        </xsl:for-each>
      </ul>
      <p class="meta"><xsl:value-of select="kp:t('admins.rules')"/></p>
    </section>

    <section class="card narrow" aria-labelledby="admins-new-title">
      <h2 id="admins-new-title"><xsl:value-of select="kp:t('admins.new')"/></h2>
      <form method="post" action="{$mount}/admins" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="admins-field"><xsl:with-param name="form" select="$new"/><xsl:with-param name="id">new-username</xsl:with-param><xsl:with-param name="n">username</xsl:with-param><xsl:with-param name="label">login.username</xsl:with-param><xsl:with-param name="max">100</xsl:with-param></xsl:call-template>
        <xsl:call-template name="admins-field"><xsl:with-param name="form" select="$new"/><xsl:with-param name="id">new-name</xsl:with-param><xsl:with-param name="n">display_name</xsl:with-param><xsl:with-param name="label">account.name</xsl:with-param><xsl:with-param name="max">200</xsl:with-param></xsl:call-template>
        <xsl:call-template name="admins-field"><xsl:with-param name="form" select="$new"/><xsl:with-param name="id">new-password</xsl:with-param><xsl:with-param name="n">password</xsl:with-param><xsl:with-param name="label">admins.password</xsl:with-param><xsl:with-param name="max">1024</xsl:with-param><xsl:with-param name="type">password</xsl:with-param><xsl:with-param name="hint">new-password-help</xsl:with-param></xsl:call-template>
        <p class="meta" id="new-password-help"><xsl:value-of select="kp:t('account.policy')"/></p>
        <xsl:call-template name="admins-field"><xsl:with-param name="form" select="$new"/><xsl:with-param name="id">new-confirm</xsl:with-param><xsl:with-param name="n">confirm</xsl:with-param><xsl:with-param name="label">admins.confirm</xsl:with-param><xsl:with-param name="max">1024</xsl:with-param><xsl:with-param name="type">password</xsl:with-param><xsl:with-param name="autocomplete">current-password</xsl:with-param></xsl:call-template>
        <button type="submit" class="primary"><xsl:value-of select="kp:t('admins.add')"/></button>
      </form>
    </section>

    <section class="card narrow" aria-labelledby="admins-own-title">
      <h2 id="admins-own-title"><xsl:value-of select="kp:t('admins.own_password')"/></h2>
      <form method="post" action="{$mount}/admins/password" class="stack">
        <xsl:call-template name="csrf"/>
        <input type="text" name="username" value="{admins/admin[@id = $me]/@username}" autocomplete="username" hidden="hidden" readonly="readonly"/>
        <xsl:call-template name="admins-field"><xsl:with-param name="form" select="$own"/><xsl:with-param name="id">own-current</xsl:with-param><xsl:with-param name="n">current</xsl:with-param><xsl:with-param name="label">account.current</xsl:with-param><xsl:with-param name="max">1024</xsl:with-param><xsl:with-param name="type">password</xsl:with-param><xsl:with-param name="autocomplete">current-password</xsl:with-param></xsl:call-template>
        <xsl:call-template name="admins-field"><xsl:with-param name="form" select="$own"/><xsl:with-param name="id">own-new</xsl:with-param><xsl:with-param name="n">new</xsl:with-param><xsl:with-param name="label">account.new</xsl:with-param><xsl:with-param name="max">1024</xsl:with-param><xsl:with-param name="type">password</xsl:with-param><xsl:with-param name="hint">own-new-help</xsl:with-param></xsl:call-template>
        <p class="meta" id="own-new-help"><xsl:value-of select="kp:t('account.policy')"/></p>
        <xsl:call-template name="admins-field"><xsl:with-param name="form" select="$own"/><xsl:with-param name="id">own-repeat</xsl:with-param><xsl:with-param name="n">repeat</xsl:with-param><xsl:with-param name="label">account.repeat</xsl:with-param><xsl:with-param name="max">1024</xsl:with-param><xsl:with-param name="type">password</xsl:with-param></xsl:call-template>
        <button type="submit" class="primary"><xsl:value-of select="kp:t('account.save')"/></button>
      </form>
    </section>
  </xsl:template>

  <!-- A labelled input of one of the page's forms: the value as typed (never a password), the
       error under it. -->
  <xsl:template name="admins-field">
    <xsl:param name="form"/>
    <xsl:param name="id"/>
    <xsl:param name="n"/>
    <xsl:param name="label"/>
    <xsl:param name="max"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="autocomplete" select="substring('new-password', 1, 12 * ($type = 'password'))"/>
    <xsl:param name="hint" select="''"/>
    <xsl:variable name="error" select="$form/e[@n = $n]"/>
    <label for="{$id}"><xsl:value-of select="kp:t($label)"/></label>
    <input type="{$type}" id="{$id}" name="{$n}" maxlength="{$max}" required="required">
      <xsl:attribute name="autocomplete"><xsl:value-of select="$autocomplete"/><xsl:if test="not(string($autocomplete))">off</xsl:if></xsl:attribute>
      <xsl:if test="$type != 'password'"><xsl:attribute name="value"><xsl:value-of select="$form/v[@n = $n]"/></xsl:attribute></xsl:if>
      <xsl:call-template name="invalid"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$error"/><xsl:with-param name="hint" select="$hint"/></xsl:call-template>
    </input>
    <xsl:call-template name="field-error"><xsl:with-param name="field" select="$id"/><xsl:with-param name="key" select="$error"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
