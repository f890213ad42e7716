<?xml version="1.0" encoding="UTF-8"?>
<!-- portal-account.xsl: Mein Konto: who is logged in, and the form to change the password. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('nav.account')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="a" select="account"/>
    <h1><xsl:value-of select="kp:t('nav.account')"/></h1>
    <section class="card">
      <p><xsl:value-of select="kp:t('account.name')"/>: <strong><xsl:value-of select="$a/@name"/></strong></p>
      <p><xsl:value-of select="kp:t('login.username')"/>: <strong><xsl:value-of select="$a/@username"/></strong></p>
      <xsl:if test="string($a/@previous-login)">
        <p class="meta"><xsl:value-of select="kp:t('account.previous_login', kp:datetime($a/@previous-login))"/></p>
      </xsl:if>
    </section>
    <section class="card narrow">
      <h2><xsl:value-of select="kp:t('account.change_password')"/></h2>
      <xsl:if test="$a/@changed = '1'">
        <p class="alert ok" role="status"><xsl:value-of select="kp:t('account.changed')"/></p>
      </xsl:if>
      <form method="post" action="{$mount}/account/password" class="stack">
        <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
        <input type="text" name="username" value="{$a/@username}" autocomplete="username" hidden="hidden" readonly="readonly"/>
        <label for="current"><xsl:value-of select="kp:t('account.current')"/></label>
        <input type="password" id="current" name="current" required="required" autocomplete="current-password" maxlength="1024"><xsl:call-template name="invalid"><xsl:with-param name="field">current</xsl:with-param><xsl:with-param name="key" select="$a/@err-current"/></xsl:call-template></input>
        <xsl:call-template name="field-error"><xsl:with-param name="field">current</xsl:with-param><xsl:with-param name="key" select="$a/@err-current"/></xsl:call-template>
        <label for="new"><xsl:value-of select="kp:t('account.new')"/></label>
        <input type="password" id="new" name="new" required="required" autocomplete="new-password" minlength="10" maxlength="1024"><xsl:call-template name="invalid"><xsl:with-param name="field">new</xsl:with-param><xsl:with-param name="key" select="$a/@err-new"/><xsl:with-param name="hint" select="'new-help'"/></xsl:call-template></input>
        <p class="meta" id="new-help"><xsl:value-of select="kp:t('account.policy')"/></p>
        <xsl:call-template name="field-error"><xsl:with-param name="field">new</xsl:with-param><xsl:with-param name="key" select="$a/@err-new"/></xsl:call-template>
        <label for="repeat"><xsl:value-of select="kp:t('account.repeat')"/></label>
        <input type="password" id="repeat" name="repeat" required="required" autocomplete="new-password" maxlength="1024"><xsl:call-template name="invalid"><xsl:with-param name="field">repeat</xsl:with-param><xsl:with-param name="key" select="$a/@err-repeat"/></xsl:call-template></input>
        <xsl:call-template name="field-error"><xsl:with-param name="field">repeat</xsl:with-param><xsl:with-param name="key" select="$a/@err-repeat"/></xsl:call-template>
        <button type="submit" class="primary"><xsl:value-of select="kp:t('account.save')"/></button>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
